package org.chorus.storage;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Recognises a write that failed because the disk or the quota is full (ENOSPC, EDQUOT). Java reports both only as
 * an IOException whose reason is the C library's text, so this is the one place that reads it; every writer of local
 * files (the directory object store, the hub's staged upload parts) answers STORAGE_FULL from it.
 */
public final class FullDisk {
    private FullDisk() {}

    public static boolean is(IOException e) {
        String msg = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        return msg != null && (msg.contains("No space left") || msg.contains("Disk quota exceeded"));
    }
}
