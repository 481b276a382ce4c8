package org.chorus.hub.lfs;

import java.util.List;
import java.util.stream.IntStream;

/** Git LFS multipart uploads as the hub stages them: parts 1..n (a 50 GB file in 16 MiB parts has 2,981; the cap only bounds a malformed URL). */
final class StagedParts {
    static final int MAX_PART = 99_999;

    private StagedParts() {}

    /** Parts 1 to {@code count}, in order. */
    static List<Integer> numbers(int count) {
        return IntStream.rangeClosed(1, count).boxed().toList();
    }
}
