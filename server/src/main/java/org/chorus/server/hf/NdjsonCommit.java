package org.chorus.server.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.chorus.core.ChorusException;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.repos.CommitOp;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.server.http.Json;

/**
 * The NDJSON commit body, read strictly: exactly one {@code header} line, first, then {@code file}, {@code lfsFile},
 * {@code deletedFile} and {@code deletedFolder} lines, each {@code {"key": …, "value": {…}}}. Fields have the types
 * the Hub's clients send (strings, a whole-number {@code size}); a {@code file}'s {@code encoding} is {@code utf-8}
 * (the default) or {@code base64}, as in the Hub's API. Every refusal names the line and the field.
 */
final class NdjsonCommit {
    private NdjsonCommit() {}

    static CommitRequest parse(String body, String branch, FileSizeLimit sizes) {
        String summary = null;
        String description = null;
        String parent = null;
        boolean header = false;
        List<CommitOp> ops = new ArrayList<>();
        int lineNo = 0;
        for (String text : body.split("\n")) {
            lineNo++;
            if (text.isBlank()) {
                continue;
            }
            try {
                Line line = Line.read(text);
                if (line.key().equals("header")) {
                    if (header || !ops.isEmpty()) {
                        throw ChorusException.invalid(header ? "a second header; a commit has exactly one"
                                : "the header must come before every operation");
                    }
                    header = true;
                    summary = line.text("summary");
                    description = line.text("description");
                    parent = line.text("parentCommit");
                } else if (!header) {
                    throw ChorusException.invalid("the first line must be the header");
                } else {
                    ops.add(line.op(sizes));
                }
            } catch (ChorusException e) {
                throw new ChorusException(e.code(), "line " + lineNo + " of the commit: " + e.getMessage());
            }
        }
        if (!header) {
            throw ChorusException.invalid("the commit needs a header line with a summary");
        }
        if (summary == null || summary.isBlank()) {
            throw ChorusException.invalid("the commit header needs a summary");
        }
        if (ops.isEmpty()) {
            throw ChorusException.invalid("the commit changes nothing");
        }
        return new CommitRequest(branch, summary, description, parent, ops);
    }

    /** One line's key and value object; refusals are prefixed with the line number by {@link #parse}. */
    private record Line(String key, JsonNode value) {
        static Line read(String text) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw ChorusException.invalid("not JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw ChorusException.invalid("not a JSON object");
            }
            if (!node.path("key").isTextual()) {
                throw ChorusException.invalid("'key' must be a string");
            }
            if (!node.path("value").isObject()) {
                throw ChorusException.invalid("'value' must be an object");
            }
            return new Line(node.get("key").asText(), node.get("value"));
        }

        CommitOp op(FileSizeLimit sizes) {
            return switch (key) {
                case "file" -> file();
                case "lfsFile" -> lfsFile(sizes);
                case "deletedFile" -> new CommitOp.DeleteFile(requiredText("path"));
                case "deletedFolder" -> new CommitOp.DeleteFolder(stripSlash(requiredText("path")));
                default -> throw ChorusException.invalid("unknown commit operation '" + key + "'");
            };
        }

        private CommitOp file() {
            String path = requiredText("path");
            noRename();
            String content = requiredText("content");
            String encoding = text("encoding");
            if (encoding == null || encoding.equals("utf-8")) {
                return new CommitOp.AddFile(path, content.getBytes(StandardCharsets.UTF_8));
            }
            if (!encoding.equals("base64")) {
                throw ChorusException.invalid("'encoding' of file '" + path + "' must be utf-8 or base64, not '" + encoding + "'");
            }
            try {
                return new CommitOp.AddFile(path, Base64.getDecoder().decode(content));
            } catch (IllegalArgumentException e) {
                throw ChorusException.invalid("'content' of file '" + path + "' is not valid base64: " + e.getMessage());
            }
        }

        private CommitOp lfsFile(FileSizeLimit sizes) {
            String path = requiredText("path");
            noRename();
            String algo = text("algo");
            if (algo != null && !algo.equals("sha256")) {
                throw ChorusException.invalid("'algo' of lfsFile '" + path + "' must be sha256");
            }
            String oid = requiredText("oid");
            if (!LargeFileStore.isSha256(oid)) {
                throw ChorusException.invalid("'oid' of lfsFile '" + path + "' must be 64 lowercase hex digits (a sha256)");
            }
            JsonNode size = value.get("size");
            if (size == null || size.isNull()) {
                return new CommitOp.AddLfsFile(path, oid, -1);
            }
            return new CommitOp.AddLfsFile(path, oid, sizes.check("lfsFile '" + path + "'", size));
        }

        private void noRename() {
            if (value.hasNonNull("oldPath")) {
                throw ChorusException.invalid("renames (oldPath) are not supported yet");
            }
        }

        /** The field's string, null when absent or null; any other type is refused. */
        String text(String field) {
            JsonNode v = value.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw ChorusException.invalid("'" + field + "' of " + key + " must be a string, not " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return v.asText();
        }

        private String requiredText(String field) {
            String s = text(field);
            if (s == null) {
                throw ChorusException.invalid(key + " needs '" + field + "'");
            }
            return s;
        }
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
