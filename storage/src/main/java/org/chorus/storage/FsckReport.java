package org.chorus.storage;

import java.util.List;

/**
 * What {@code fsck} found; {@link #toString()} prints it for the CLI. {@code leftovers} counts xorbs an interrupted
 * ingest wrote but never published: harmless, and removed by gc; {@code problems} is damage.
 */
public record FsckReport(int files, int xorbs, long storedBytes, int leftovers, List<String> problems) {
    public FsckReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("checked ").append(files).append(" files, ").append(xorbs).append(" xorbs, ")
                .append(storedBytes).append(" stored bytes, ").append(leftovers)
                .append(" unpublished leftovers: ").append(ok() ? "OK" : problems.size() + " problem(s)");
        for (String p : problems) {
            s.append("\n  ").append(p);
        }
        return s.toString();
    }
}
