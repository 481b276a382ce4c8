package org.chorus.federated.djl;

import org.chorus.federated.sim.SimulationModel;
import org.chorus.federated.sim.TrainerFactory;

/** {@code chorus fl simulate --model cnn}: the NIID-Bench CNN, found through ServiceLoader when federated-djl is on the class path. */
public final class CnnModel implements SimulationModel {
    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public TrainerFactory factory() {
        return Cnn.factory();
    }
}
