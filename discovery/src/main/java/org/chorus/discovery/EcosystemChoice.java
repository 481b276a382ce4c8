package org.chorus.discovery;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;

/**
 * Ecosystems by the name an {@code ecosystem} parameter gives: {@value Ecosystem#HUB} (or none) is the live hub,
 * any other name is looked up in {@code others} (imported snapshots; none until they are wired).
 */
public final class EcosystemChoice {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Ecosystem hub;
    private final Function<String, Optional<Ecosystem>> others;

    public EcosystemChoice(Ecosystem hub, Function<String, Optional<Ecosystem>> others) {
        this.hub = hub;
        this.others = others;
    }

    /** Only the live hub. */
    public static EcosystemChoice of(Ecosystem hub) {
        return new EcosystemChoice(hub, name -> Optional.empty());
    }

    /** Whether an {@code ecosystem} parameter names the live hub: absent, blank or {@value Ecosystem#HUB}. */
    public static boolean isHub(String name) {
        return name == null || name.isBlank() || name.equals(Ecosystem.HUB);
    }

    /** Refuses (400) any ecosystem but the live hub, for {@code what} only the hub records (commits). */
    public static void requireHub(String name, String what) {
        if (!isHub(name)) {
            throw ChorusException.invalid(what + " is recorded for the live hub only (ecosystem=hub)");
        }
    }

    /** The ecosystem named {@code name} (null or blank: the hub); a malformed or unknown name is refused (400). */
    public Ecosystem named(String name) {
        if (isHub(name)) {
            return hub;
        }
        if (!NAME.matcher(name).matches()) {
            throw ChorusException.invalid("ecosystem must be 1-64 lower-case letters, digits, '.', '_' or '-'");
        }
        return others.apply(name).orElseThrow(() -> ChorusException.invalid("no ecosystem named '" + name + "'"));
    }
}
