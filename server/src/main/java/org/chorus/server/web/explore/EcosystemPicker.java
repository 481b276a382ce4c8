package org.chorus.server.web.explore;

import java.util.List;
import org.chorus.discovery.Ecosystem;
import org.chorus.discovery.EcosystemChoice;

/**
 * Which ecosystem an explorer page shows ({@code current}: {@value Ecosystem#HUB} for the live hub) and the imported
 * snapshots it could show instead, as a form that reloads {@code action} with another {@code ecosystem}.
 */
public record EcosystemPicker(String current, String action, List<String> imported) {
    static EcosystemPicker of(String ecosystem, String action, EcosystemChoice choice) {
        return new EcosystemPicker(EcosystemChoice.isHub(ecosystem) ? Ecosystem.HUB : ecosystem, action, choice.imported());
    }

    public boolean hub() {
        return current.equals(Ecosystem.HUB);
    }
}
