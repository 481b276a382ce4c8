package org.chorus.federated.sim;

import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A model {@code chorus fl simulate --model} can train. The softmax model is built in (plain Java); others come from
 * modules that bring their own engine — the CNN from {@code federated-djl} on DJL + PyTorch — and are found through
 * {@link ServiceLoader} only when asked for, so the CLI's jar and its start stay free of them.
 */
public interface SimulationModel {
    /** Every model the command knows of, with where it comes from (for the messages). */
    Map<String, String> KNOWN = Map.of("softmax", "softmax regression in plain Java, built in",
            "cnn", "the NIID-Bench CNN on DJL + PyTorch, module federated-djl");

    String name();

    TrainerFactory factory();

    /** The model named {@code name}: the built-in softmax or a provider on the class path. */
    static TrainerFactory find(String name) {
        return find(name, ServiceLoader.load(SimulationModel.class));
    }

    /** As {@link #find(String)} among {@code providers}; an unknown name and a known model not on the class path are told apart. */
    static TrainerFactory find(String name, Iterable<SimulationModel> providers) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!KNOWN.containsKey(n)) {
            throw new IllegalArgumentException("unknown model '" + name + "': --model softmax (" + KNOWN.get("softmax") + ") or --model cnn ("
                    + KNOWN.get("cnn") + ")");
        }
        if (n.equals("softmax")) {
            return Simulation.softmax();
        }
        for (SimulationModel m : providers) {
            if (m.name().equals(n)) {
                return m.factory();
            }
        }
        throw new IllegalArgumentException("model " + n + " is " + KNOWN.get(n) + ", which this Java was not started with: run it"
                + " through the ./chorus launcher (it adds federated-djl to the class path for --model " + n + ", building it once),"
                + " or add federated-djl's jars with -cp");
    }
}
