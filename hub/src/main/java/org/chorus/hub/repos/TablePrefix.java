package org.chorus.hub.repos;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;

/**
 * The first rows of a delimited (RFC 4180: quoted cells, doubled quotes, line breaks inside quotes) or JSON Lines
 * file, from a prefix of its bytes; a row the prefix cuts off is not shown.
 */
final class TablePrefix {
    static final int MAX_CELL = 1000;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build()).build());

    private TablePrefix() {}

    static FileViews.TablePreview delimited(String format, byte[] prefix, boolean wholeFile, char delimiter, int maxRows) {
        String text = new String(prefix, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean complete = true;
        int i = 0;
        while (i < text.length() && rows.size() <= maxRows) {
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"' && i < text.length() && text.charAt(i) == '"') {
                    append(cell, '"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    append(cell, c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == delimiter) {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                append(cell, c);
            }
        }
        if (i >= text.length() && (!cell.isEmpty() || !row.isEmpty())) {
            if (wholeFile && !quoted) {
                row.add(cell.toString());
                rows.add(row);
            } else {
                complete = false;
            }
        }
        if (rows.isEmpty()) {
            return new FileViews.TablePreview(format, List.of(), List.of(), !wholeFile || !complete);
        }
        List<String> columns = rows.getFirst();
        List<List<String>> body = rows.subList(1, rows.size());
        boolean more = body.size() > maxRows || !wholeFile || !complete || i < text.length();
        return new FileViews.TablePreview(format, columns, List.copyOf(body.subList(0, Math.min(maxRows, body.size()))), more);
    }

    static FileViews.TablePreview jsonLines(byte[] prefix, boolean wholeFile, int maxRows) {
        String text = new String(prefix, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        // the last piece is a whole line only if the prefix is the whole file
        int usable = wholeFile ? lines.length : lines.length - 1;
        List<Map<String, String>> objects = new ArrayList<>();
        Map<String, Boolean> columns = new LinkedHashMap<>();
        int read = 0;
        for (; read < usable && objects.size() < maxRows; read++) {
            String line = lines[read].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw ChorusException.invalid("line " + (read + 1) + " is not JSON");
            }
            Map<String, String> cells = new LinkedHashMap<>();
            if (node.isObject()) {
                node.properties().forEach(e -> cells.put(e.getKey(), cell(e.getValue())));
            } else {
                cells.put("value", cell(node));
            }
            cells.keySet().forEach(k -> columns.putIfAbsent(k, true));
            objects.add(cells);
        }
        List<String> names = List.copyOf(columns.keySet());
        List<List<String>> rows = objects.stream().map(o -> names.stream().map(n -> o.getOrDefault(n, "")).toList()).toList();
        boolean more = !wholeFile || lines.length > read && java.util.Arrays.stream(lines, read, lines.length).anyMatch(l -> !l.isBlank());
        return new FileViews.TablePreview("jsonl", names, rows, more);
    }

    private static String cell(JsonNode v) {
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL) : s;
    }

    private static void append(StringBuilder cell, char c) {
        if (cell.length() < MAX_CELL) {
            cell.append(c);
        }
    }
}
