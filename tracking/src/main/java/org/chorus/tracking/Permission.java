package org.chorus.tracking;

import java.util.Arrays;
import java.util.Locale;
import org.chorus.core.ChorusException;

/**
 * MLflow's permissions on an experiment (and so its runs, metrics and artifacts) or a registered model (and so its
 * versions), ordered: each includes the ones before it. READ reads; EDIT also changes (logs, tags, renames, new
 * versions, stages); MANAGE also deletes and restores and manages who holds which permission.
 */
public enum Permission {
    NO_PERMISSIONS, READ, EDIT, MANAGE;

    public boolean includes(Permission other) {
        return compareTo(other) >= 0;
    }

    Permission atLeast(Permission other) {
        return includes(other) ? this : other;
    }

    Permission atMost(Permission other) {
        return includes(other) ? other : this;
    }

    /** The right an organisation role gives on what the organisation owns: read, write, admin. */
    static Permission ofOrgRole(String role) {
        return switch (role == null ? "" : role) {
            case "admin" -> MANAGE;
            case "write" -> EDIT;
            case "read" -> READ;
            default -> NO_PERMISSIONS;
        };
    }

    /** A permission name as MLflow's permission endpoints and {@code serve --tracking-default-permission} write it. */
    public static Permission parse(String name) {
        for (Permission p : values()) {
            if (p.name().equals(name == null ? "" : name.toUpperCase(Locale.ROOT))) {
                return p;
            }
        }
        throw ChorusException.invalid("Invalid permission '" + name + "'. Valid permissions are: "
                + Arrays.stream(values()).map(Enum::name).toList());
    }
}
