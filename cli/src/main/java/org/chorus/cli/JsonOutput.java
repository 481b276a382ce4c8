package org.chorus.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --json} of list and show commands: the SDK's records as JSON objects, each field named as the record's
 * component (the names docs/cli.md lists), for scripts that should not parse a table.
 */
final class JsonOutput {
    @Option(names = "--json", description = "Prints JSON for programs instead of a table for people (field names in docs/cli.md).")
    boolean json;

    /** Prints {@code value} (a record, a list of them, a map) as indented JSON; returns the exit status. */
    static int print(PrintWriter out, Object value) {
        try {
            out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(plain(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    /** Records become maps of their components, in declaration order; lists and maps are converted inside. */
    private static Object plain(Object value) {
        if (value instanceof Record r) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    fields.put(c.getName(), plain(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
                }
            }
            return fields;
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(i -> out.add(plain(i)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        return value;
    }
}
