package org.chorus.storage;

/** What {@code gc} removed and kept; {@link #toString()} prints it for the CLI. */
public record GcReport(int filesDeleted, int xorbsDeleted, int temporariesDeleted, long bytesFreed, int filesKept, int xorbsKept) {
    @Override
    public String toString() {
        return "deleted " + filesDeleted + " unreferenced files, " + xorbsDeleted + " xorbs and " + temporariesDeleted
                + " temporary files of unfinished writes (" + bytesFreed + " bytes freed); kept " + filesKept + " files and "
                + xorbsKept + " xorbs";
    }
}
