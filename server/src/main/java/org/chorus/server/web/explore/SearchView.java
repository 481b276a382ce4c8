package org.chorus.server.web.explore;

import java.util.List;
import org.chorus.server.web.Shell;
import org.chorus.server.web.hub.RepoRow;

/**
 * {@code /search}: the query, its mode ({@code keyword}, {@code semantic}, {@code hybrid}) and type ({@code ""} for
 * both), and the results best first ({@code null} before a search).
 */
public record SearchView(Shell shell, String q, String mode, String type, List<RepoRow> rows) {
    /** The mode switch's choices: the value sent and what it does. */
    public record Mode(String value, String label, String hint) {}

    public static final List<Mode> MODES = List.of(
            new Mode("keyword", "Keyword", "the words themselves, in names, tags and cards"),
            new Mode("semantic", "Semantic", "what the words mean: finds models by capability"),
            new Mode("hybrid", "Hybrid", "both rankings fused"));
}
