package org.chorus.semantic;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a model or dataset card that is embedded: what it is called, its task and tags, then the card's
 * prose. The embedder keeps the first {@link Embedder#DEFAULT_MAX_TOKENS} tokens, so the short, telling fields
 * go first and the body fills what is left. Which fields, and how many tokens, was measured on the evaluation
 * set (docs/design-notes.md, "Semantic search").
 */
public final class CardText {
    private static final Pattern CODE = Pattern.compile("```.*?(```|$)", Pattern.DOTALL);
    private static final Pattern MARKUP = Pattern.compile("[#*`|>\\[\\]_]+|\\(https?://[^)]*\\)|<[^>]{0,200}>");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern NAME_SEPARATORS = Pattern.compile("[-_./]+");
    /**
     * Body characters cleaned: 128 tokens are some 600 characters of prose, so 8,192 leave room for markup and code
     * before it, and a rebuild of 1.8M cards does not run the patterns over 32 KB each.
     */
    static final int MAX_BODY = 8_192;

    private CardText() {}

    /**
     * @param id    the repository id, e.g. {@code acme/bert-base-ner}; its words are embedded, not its punctuation
     * @param task  the pipeline tag, e.g. {@code token-classification}, or null
     * @param tags  the card's tags, or null
     * @param body  the card's markdown without its YAML header; code blocks and markup are dropped
     */
    public static String of(String id, String task, List<String> tags, String body) {
        var text = new StringBuilder(NAME_SEPARATORS.matcher(id).replaceAll(" ").strip()).append(". ");
        if (task != null && !task.isBlank()) text.append(TaskGloss.of(task)).append(". ");
        if (tags != null && !tags.isEmpty()) text.append(String.join(", ", tags)).append(". ");
        if (body != null) text.append(prose(body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body));
        return text.toString().strip();
    }

    static String prose(String markdown) {
        var text = CODE.matcher(markdown).replaceAll(" ");
        text = MARKUP.matcher(text).replaceAll(" ");
        return SPACE.matcher(text).replaceAll(" ").strip();
    }
}
