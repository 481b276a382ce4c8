package org.chorus.federated.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.chorus.federated.tensor.Weights;
import org.junit.jupiter.api.Test;

class SimulationModelTest {

    @Test
    void softmaxIsBuiltInAndNeedsNoProvider() {
        Weights w = SimulationModel.find(" Softmax ", List.of()).initialModel(1);
        assertThat(w.layout().size()).as("784 × 10 weights and 10 biases").isEqualTo(7850);
    }

    @Test
    void aProviderOnTheClassPathIsFoundByName() {
        TrainerFactory cnn = Simulation.softmax(); // any factory: the one the provider returns must come back
        SimulationModel provider = new SimulationModel() {
            @Override
            public String name() {
                return "cnn";
            }

            @Override
            public TrainerFactory factory() {
                return cnn;
            }
        };
        assertThat(SimulationModel.find("cnn", List.of(provider))).isSameAs(cnn);
    }

    @Test
    void aKnownModelWhoseModuleIsMissingSaysHowToGetIt() {
        assertThatThrownBy(() -> SimulationModel.find("cnn", List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model cnn is the NIID-Bench CNN on DJL + PyTorch, module federated-djl")
                .hasMessageContaining("./chorus launcher");
    }

    @Test
    void anUnknownModelIsNamedWithTheChoices() {
        assertThatThrownBy(() -> SimulationModel.find("resnet", List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model 'resnet': --model softmax (").hasMessageContaining("or --model cnn (");
    }
}
