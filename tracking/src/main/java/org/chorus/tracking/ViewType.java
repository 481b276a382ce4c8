package org.chorus.tracking;

import java.util.List;
import org.chorus.core.ChorusException;

/** Which lifecycle stages a search includes. */
public enum ViewType {
    ACTIVE_ONLY, DELETED_ONLY, ALL;

    List<String> stages() {
        return switch (this) {
            case ACTIVE_ONLY -> List.of("active");
            case DELETED_ONLY -> List.of("deleted");
            case ALL -> List.of("active", "deleted");
        };
    }

    /** Null or empty means ACTIVE_ONLY, as in MLflow. */
    public static ViewType parse(String s) {
        if (s == null || s.isEmpty()) {
            return ACTIVE_ONLY;
        }
        for (ViewType v : values()) {
            if (v.name().equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw ChorusException.invalid("Invalid view type '" + s + "': must be ACTIVE_ONLY, DELETED_ONLY or ALL");
    }
}
