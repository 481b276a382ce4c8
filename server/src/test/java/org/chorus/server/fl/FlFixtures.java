package org.chorus.server.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;
import org.chorus.server.ServerFixture;

/** What a federated task on a whole server starts from: a model repository holding a small model.safetensors. */
public final class FlFixtures {
    private FlFixtures() {}

    /** Creates model repository {@code admin/name} with a 4-weight tensor {@code w} = 0, 1, 2, 3 in model.safetensors on main. */
    public static void baseModel(ServerFixture server, String name) {
        ModelLayout layout = ModelLayout.of(List.of(new TensorSpec("w", new long[] {4})));
        byte[] base = Safetensors.write(new Weights(layout, new float[] {0, 1, 2, 3}), Map.of());
        assertThat(server.send("POST", "/api/repos/create", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"" + name + "\",\"organization\":\"admin\",\"type\":\"model\"}").statusCode()).isEqualTo(200);
        String ndjson = "{\"key\":\"header\",\"value\":{\"summary\":\"base\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"model.safetensors\","
                + "\"encoding\":\"base64\",\"content\":\"" + Base64.getEncoder().encodeToString(base) + "\"}}";
        assertThat(server.send("POST", "/api/models/admin/" + name + "/commit/main", ServerFixture.ADMIN_TOKEN, ndjson).statusCode()).isEqualTo(200);
    }
}
