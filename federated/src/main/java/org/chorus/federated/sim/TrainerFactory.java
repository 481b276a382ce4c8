package org.chorus.federated.sim;

import org.chorus.client.federated.LocalTrainer;
import org.chorus.federated.tensor.Weights;

/** Makes the model a simulation starts from and one trainer per virtual client over its slice of the data. */
public interface TrainerFactory {
    Weights initialModel(long seed);

    LocalTrainer create(Dataset data, int[] indices, long seed);
}
