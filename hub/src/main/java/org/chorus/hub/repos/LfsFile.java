package org.chorus.hub.repos;

import java.time.Instant;

/**
 * A large file a repository holds (uploaded to it, whether or not a commit names it), as the Hub's {@code lfs-files}
 * listing shows it: {@code filename} is a path the default branch has it at, empty when only older commits name it
 * or none does.
 */
public record LfsFile(String oid, long size, Instant pushedAt, String filename) {}
