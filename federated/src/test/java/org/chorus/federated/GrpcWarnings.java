package org.chorus.federated;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What gRPC logs (through java.util.logging) at WARNING or above while open: the stack traces it prints when a
 * handler throws or a message cannot be read. A client's bad input must leave none.
 */
final class GrpcWarnings extends Handler implements AutoCloseable {
    private static final Logger GRPC = Logger.getLogger("io.grpc");
    private final List<String> records = new CopyOnWriteArrayList<>();

    GrpcWarnings() {
        setLevel(Level.WARNING);
        GRPC.addHandler(this);
    }

    List<String> records() {
        return List.copyOf(records);
    }

    /** The records so far, forgotten: each fuzz try sees only its own. */
    List<String> drain() {
        List<String> out = records();
        records.removeAll(out);
        return out;
    }

    @Override
    public void publish(LogRecord r) {
        if (isLoggable(r)) {
            records.add(r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + (r.getThrown() == null ? "" : " / " + r.getThrown()));
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        GRPC.removeHandler(this);
    }
}
