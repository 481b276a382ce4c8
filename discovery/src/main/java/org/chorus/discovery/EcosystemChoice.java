package org.chorus.discovery;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.chorus.core.ChorusException;

/**
 * Ecosystems by the name an {@code ecosystem} parameter gives: {@value Ecosystem#HUB} (or none) is the live hub, any
 * other name is looked up in {@code others} (the imported snapshots, {@link Ecosystems#find}). A malformed name is
 * refused (400), an unknown one is missing (404).
 */
public final class EcosystemChoice {
    private final Ecosystem hub;
    private final Function<String, Optional<Ecosystem>> others;
    private final Supplier<List<String>> names;

    private EcosystemChoice(Ecosystem hub, Function<String, Optional<Ecosystem>> others, Supplier<List<String>> names) {
        this.hub = hub;
        this.others = others;
        this.names = names;
    }

    /** Only the live hub. */
    public static EcosystemChoice of(Ecosystem hub) {
        return new EcosystemChoice(hub, name -> Optional.empty(), List::of);
    }

    /** The live hub and the snapshots imported into {@code imported}. */
    public static EcosystemChoice of(Ecosystem hub, Ecosystems imported) {
        return new EcosystemChoice(hub, imported::find, () -> imported.list().stream().map(Ecosystems.Ecosystem::name)
                .filter(n -> !isHub(n)).toList());
    }

    /** The imported ecosystems' names, in name order (the live hub, {@value Ecosystem#HUB}, is not among them). */
    public List<String> imported() {
        return names.get();
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

    /** The ecosystem named {@code name} (null or blank: the hub); a malformed name is refused (400), an unknown one NOT_FOUND. */
    public Ecosystem named(String name) {
        if (isHub(name)) {
            return hub;
        }
        try {
            Ecosystems.requireName(name);
        } catch (ChorusException malformed) {
            // the message does not echo the name: it may be anything a caller typed
            throw ChorusException.invalid("ecosystem must be 1-96 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return others.apply(name).orElseThrow(() -> ChorusException.notFound("no ecosystem named '" + name + "'"));
    }

    /** The families of the ecosystem named {@code name}, as {@link #named} finds it. */
    public Lineages lineages(String name) {
        return new IndexLineages(named(name));
    }
}
