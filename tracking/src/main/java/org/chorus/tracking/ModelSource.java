package org.chorus.tracking;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.Names;

/** Checks a model version's source; the Chorus form {@code chorus://owner/repo@commit} must name a valid repo and commit. */
public final class ModelSource {
    static final String CHORUS_SCHEME = "chorus://";
    private static final Pattern CHORUS = Pattern.compile("chorus://([^/@]+)/([^/@]+)@([0-9a-f]{40}|[0-9a-f]{64})(/.*)?");

    /** A hub revision a version's files live at. */
    public record HubRevision(String owner, String repo, String commit) {
        String uri() {
            return CHORUS_SCHEME + owner + "/" + repo + "@" + commit;
        }
    }

    private ModelSource() {}

    static String validate(String source) {
        if (source == null || source.isEmpty()) {
            throw ChorusException.invalid("Missing value for required parameter 'source'");
        }
        if (source.length() > 2000) {
            throw ChorusException.invalid("Model version source is longer than 2000 characters");
        }
        hubRevision(source);
        return source;
    }

    /** The hub revision a {@code chorus://} source names; empty for any other scheme (INVALID_ARGUMENT when malformed). */
    public static Optional<HubRevision> hubRevision(String source) {
        if (!source.startsWith(CHORUS_SCHEME)) {
            return Optional.empty();
        }
        Matcher m = CHORUS.matcher(source);
        if (!m.matches()) {
            throw ChorusException.invalid("Invalid Chorus model source '" + source
                    + "': expected chorus://{owner}/{repo}@{commit} with a 40- or 64-hex-digit commit id");
        }
        return Optional.of(new HubRevision(Names.require("owner", m.group(1)), Names.require("repository", m.group(2)), m.group(3)));
    }
}
