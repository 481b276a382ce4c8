package org.chorus.storage;

import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/** Checks shared by every backend, so they all reject the same names and ranges. */
final class ObjectNames {
    private static final Pattern NAME = Pattern.compile("[0-9a-z_-][0-9a-z._-]*(/[0-9a-z_-][0-9a-z._-]*)*");

    private ObjectNames() {}

    static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ChorusException.invalid("bad object name: " + name);
        }
        return name;
    }

    static void checkRange(String name, long start, long end, long size) {
        if (start < 0 || end < start || end > size) {
            throw new ChorusException(ErrorCode.RANGE_NOT_SATISFIABLE,
                    "range [" + start + ", " + end + ") is outside " + name + " (" + size + " bytes)");
        }
    }
}
