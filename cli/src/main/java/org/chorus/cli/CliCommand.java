package org.chorus.cli;

import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** A runnable command; {@link Main}'s factory hands it the {@link CliContext} before it runs. */
abstract class CliCommand implements Callable<Integer> {
    CliContext context;

    /**
     * Prints {@code items} as a {@link Table} under {@code header}, one row each, or with {@code --json} as a JSON
     * array of the items' fields; returns the exit status.
     */
    <T> int table(JsonOutput output, Collection<? extends T> items, Function<T, Object[]> row, String... header) {
        if (output.json) {
            return JsonOutput.print(context.out(), items);
        }
        Table t = new Table(header);
        items.forEach(item -> t.row(row.apply(item)));
        t.print(context.out());
        return 0;
    }

    /** A table row's cells. */
    static Object[] row(Object... cells) {
        return cells;
    }
}
