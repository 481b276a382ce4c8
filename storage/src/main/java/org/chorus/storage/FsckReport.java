package org.chorus.storage;

import java.util.List;

/**
 * What {@code fsck} found; {@link #toString()} prints it for the CLI. {@code leftovers} is what interrupted or
 * abandoned writes left behind: harmless, and removed by gc once older than its grace period; {@code problems} is
 * damage.
 */
public record FsckReport(int files, int xorbs, long storedBytes, Leftovers leftovers, List<String> problems) {
    /**
     * Xorbs no file uses (an ingest or Xet upload killed before its file was published, or a file deleted since) and
     * partial files of puts that never finished, with their sizes.
     */
    public record Leftovers(int xorbs, long xorbBytes, int temporaries, long temporaryBytes) {
        public boolean none() {
            return xorbs == 0 && temporaries == 0;
        }
    }

    public FsckReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("checked ").append(files).append(" files, ").append(xorbs).append(" xorbs, ").append(storedBytes)
                .append(" stored bytes; leftovers: ").append(leftovers.xorbs()).append(" xorbs no file uses (")
                .append(leftovers.xorbBytes()).append(" bytes), ").append(leftovers.temporaries())
                .append(" temporary files of unfinished writes (").append(leftovers.temporaryBytes()).append(" bytes)");
        if (!leftovers.none()) {
            s.append(", removed by 'chorus storage gc' once older than its grace period");
        }
        s.append(": ").append(ok() ? "OK" : problems.size() + " problem(s)");
        for (String p : problems) {
            s.append("\n  ").append(p);
        }
        return s.toString();
    }
}
