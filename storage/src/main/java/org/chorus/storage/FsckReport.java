package org.chorus.storage;

import java.util.List;

/** What {@code fsck} found; {@link #toString()} prints it for the CLI. */
public record FsckReport(int files, int xorbs, long storedBytes, List<String> problems) {
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
                .append(storedBytes).append(" stored bytes: ").append(ok() ? "OK" : problems.size() + " problem(s)");
        for (String p : problems) {
            s.append("\n  ").append(p);
        }
        return s.toString();
    }
}
