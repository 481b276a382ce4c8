package org.chorus.server.web.runs;

import java.util.List;
import org.chorus.server.web.Shell;

/**
 * {@code /experiments}: the name search, which lifecycle stage is shown, one page of experiments the caller may read,
 * the link to the next page (null on the last), and the create form's message after a refused create.
 */
public record ExperimentsView(Shell shell, String search, String view, List<Row> rows, String next, String newName, String error) {

    /** One experiment; {@code deleted} rows offer restore instead of rename and delete. */
    public record Row(String id, String name, String href, boolean deleted, long lastUpdate) {}

    public boolean showingDeleted() {
        return !"active".equals(view);
    }
}
