package org.chorus.storage;

import java.util.List;

/** A stored file: its Xet file hash (its name in the store), its SHA-256 (git-lfs oid), size and reconstruction. */
public record FileRecord(FileHash hash, Sha256 sha256, long size, List<Term> terms) {
    public FileRecord {
        terms = List.copyOf(terms);
    }
}
