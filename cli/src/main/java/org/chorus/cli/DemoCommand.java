package org.chorus.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chorus.client.ChorusClient;
import org.chorus.client.ChorusClientException;
import org.chorus.client.FederationsClient;
import org.chorus.client.HubClient;
import org.chorus.client.HubModels.UploadFile;
import org.chorus.client.ProgressListener;
import org.chorus.client.RegistryClient;
import org.chorus.client.RepoId;
import org.chorus.client.RunsClient;
import org.chorus.client.federated.FederatedClient;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.FileTrees;
import org.chorus.federated.sim.Dataset;
import org.chorus.federated.sim.Simulation;
import org.chorus.federated.sim.TrainerFactory;
import org.chorus.federated.tensor.Safetensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fills a server with a small example world, generated here (nothing is downloaded): what the README's tour and the
 * web app show on a fresh server. Each part is skipped when it is already there, so running it twice changes nothing.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fills the server with a small example world: organisations demo-lab and demo-partners, a base model",
                "with a fine-tune, an adapter and a quantized child, a dataset, experiment digits with three runs, registered",
                "model digits (three versions), and a finished federated task. Run it again: what exists is left as it is.",
                "Needs a site admin's token (the federated part)."})
final class DemoCommand extends ClientCommand {
    static final String LAB = "demo-lab";
    static final String PARTNERS = "demo-partners";
    static final String BASE = LAB + "/tiny-base";
    static final String FEDERATION = "demo-federation";

    @Option(names = "--federated-port", defaultValue = "9091", paramLabel = "PORT",
            description = "The server's federated (gRPC) port, where the demo's two nodes connect (default: ${DEFAULT-VALUE}).")
    int federatedPort;

    @Override
    public Integer call() throws Exception {
        ChorusClient chorus = client();
        Path work = Files.createTempDirectory("chorus-demo");
        try {
            organisations(chorus);
            models(chorus.hub(context.chorusHome()), work);
            String[] runs = experiment(chorus.runs());
            registeredModel(chorus.registry(), runs);
            federatedTask(chorus, work);
        } finally {
            FileTrees.delete(work);
        }
        context.out().println("Done. Try: chorus repo list --author " + LAB + ", chorus repo info " + LAB + "/tiny-base-finetuned,"
                + " chorus runs list -e digits, chorus models versions digits");
        return 0;
    }

    private void organisations(ChorusClient chorus) {
        for (String org : List.of(LAB, PARTNERS)) {
            step("organisation " + org, () -> chorus.createOrg(org, null));
        }
    }

    /** A base model and three children whose cards name it, each relation one of the Hub's; and a dataset. */
    private void models(HubClient hub, Path work) throws IOException {
        Random random = new Random(1);
        model(hub, work, BASE, null, null, random);
        model(hub, work, LAB + "/tiny-base-finetuned", BASE, "finetune", random);
        model(hub, work, PARTNERS + "/tiny-base-lora", BASE, "adapter", random);
        model(hub, work, LAB + "/tiny-base-int8", BASE, "quantized", random);
        Path data = Files.createDirectories(work.resolve("digits-mini"));
        StringBuilder csv = new StringBuilder("label,pixels\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i % 10).append(',').append(random.nextLong() >>> 1).append('\n');
        }
        Files.writeString(data.resolve("train.csv"), csv);
        Files.writeString(data.resolve("README.md"), "---\nlicense: cc0-1.0\ntask_categories: [image-classification]\n---\n# digits-mini\n\n200 generated rows for the demo.\n");
        upload(hub, RepoId.dataset(LAB, "digits-mini"), data, "Add generated digits");
    }

    private void model(HubClient hub, Path work, String repo, String base, String relation, Random random) throws IOException {
        Path dir = Files.createDirectories(work.resolve(repo));
        byte[] weights = new byte[64 * 1024];
        random.nextBytes(weights);
        Files.write(dir.resolve("model.safetensors"), weights);
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64, \"num_layers\": 2}\n");
        // a task, so the explorers and the list's facets have one to show (the demo's theme is digits)
        String card = "---\nlicense: apache-2.0\nlibrary_name: transformers\npipeline_tag: image-classification\n"
                + (base == null ? "" : "base_model: " + base + "\nbase_model_relation: " + relation + "\n") + "---\n# " + repo + "\n\n"
                + (base == null ? "A tiny generated base model for the demo.\n" : "A " + relation + " of " + base + ".\n");
        Files.writeString(dir.resolve("README.md"), card);
        upload(hub, RepoId.parse(repo), dir, "Add weights and card");
    }

    private void upload(HubClient hub, RepoId repo, Path dir, String message) throws IOException {
        step("repository " + repo, () -> hub.createRepo(repo, false));
        List<UploadFile> files = new ArrayList<>();
        try (var list = Files.list(dir)) {
            list.sorted().forEach(f -> files.add(new UploadFile(f.getFileName().toString(), f)));
        }
        hub.upload(repo, "main", files, message, ProgressListener.NONE);
    }

    /** Experiment digits with three finished runs, each with a model artifact; returns their ids, oldest first. */
    private String[] experiment(RunsClient runs) {
        String experimentId = runs.experimentIdOrCreate("digits", id -> context.out().println("created experiment digits"));
        List<RunsClient.Run> existing = runs.search(List.of(experimentId), "tags.`chorus.demo` = 'true'", List.of("attributes.start_time ASC"), 3);
        if (existing.size() == 3) {
            context.out().println("experiment digits has its runs");
            return existing.stream().map(RunsClient.Run::id).toArray(String[]::new);
        }
        String[] ids = new String[3];
        double[] lrs = {0.1, 0.03, 0.01};
        double[] accuracies = {0.91, 0.94, 0.96};
        for (int i = 0; i < 3; i++) {
            ids[i] = runs.logRun(experimentId, "cnn-lr-" + lrs[i], Map.of("lr", String.valueOf(lrs[i]), "epochs", "5"),
                    Map.of("accuracy", accuracies[i], "loss", 1 - accuracies[i]), Map.of("chorus.demo", "true"));
            runs.uploadArtifact(experimentId, ids[i], "model/model.safetensors", ("weights of run " + ids[i]).getBytes(StandardCharsets.UTF_8));
            runs.uploadArtifact(experimentId, ids[i], "model/config.json", ("{\"lr\": " + lrs[i] + "}").getBytes(StandardCharsets.UTF_8));
        }
        context.out().println("logged 3 runs in experiment digits");
        return ids;
    }

    /** Registered model digits: one version per run, so that {@code chorus models publish digits 3 --repo …} works. */
    private void registeredModel(RegistryClient registry, String[] runs) {
        step("registered model digits", () -> registry.createModel("digits", "A digits classifier from experiment digits."));
        int have = registry.versions("digits").size();
        for (int i = have; i < runs.length; i++) {
            registry.createVersion("digits", "runs:/" + runs[i] + "/model", runs[i]);
        }
        if (have < runs.length) {
            registry.setAlias("digits", "champion", String.valueOf(runs.length));
            context.out().println("registered versions " + (have + 1) + "–" + runs.length + " of digits (champion: " + runs.length + ")");
        }
    }

    /** Federation demo-federation and a two-round task trained by two nodes in this process on generated data. */
    private void federatedTask(ChorusClient chorus, Path work) throws Exception {
        FederationsClient fl = chorus.federations();
        String token;
        try {
            token = fl.createFederation(FEDERATION);
        } catch (ChorusClientException e) {
            if (!exists(e)) {
                throw e;
            }
            context.out().println("federation " + FEDERATION + " exists: its task ran before");
            return;
        }
        TrainerFactory softmax = Simulation.softmax();
        Path base = Files.createDirectories(work.resolve("fl-base"));
        Files.write(base.resolve("model.safetensors"), Safetensors.write(softmax.initialModel(1), Map.of()));
        HubClient hub = chorus.hub(context.chorusHome());
        upload(hub, RepoId.model(LAB, "fl-base"), base, "Initial softmax model");
        step("repository " + LAB + "/fl-global", () -> hub.createRepo(RepoId.model(LAB, "fl-global"), false));
        Dataset data = generated(200);
        String host = URI.create(chorus.baseUrl()).getHost();
        List<FederatedClient> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                int[] part = new int[data.size() / 2];
                for (int j = 0; j < part.length; j++) {
                    part[j] = i * part.length + j;
                }
                nodes.add(FederatedClient.builder(host, federatedPort).federation(FEDERATION, token).nodeName("demo-node-" + i)
                        .trainer(softmax.create(data, part, i)).backoff(20, 500).build().start());
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("federation", FEDERATION);
            spec.put("name", "demo-digits");
            spec.put("baseRepo", LAB + "/fl-base");
            spec.put("baseRevision", "main");
            spec.put("publishRepo", LAB + "/fl-global");
            spec.put("strategy", "fedavg");
            spec.put("rounds", 2);
            spec.put("clientsPerRound", 2);
            spec.put("minClients", 2);
            spec.put("overSelection", 1.0);
            spec.put("roundTimeoutMs", 60_000);
            spec.put("maxAttempts", 3);
            spec.put("evaluateEvery", 0);
            spec.put("seed", 1);
            spec.put("clientConfig", Map.of("epochs", 1, "batch_size", 20, "lr", 0.05, "momentum", 0.0));
            String id = fl.createTask(spec);
            FederationsClient.Task task = fl.task(id);
            long until = System.nanoTime() + 120_000_000_000L;
            while (task.status().equals("running") && System.nanoTime() < until) {
                Thread.sleep(100);
                task = fl.task(id);
            }
            if (!task.status().equals("completed")) {
                throw new ChorusException(ErrorCode.UNAVAILABLE, "the demo's federated task " + id + " ended " + task.status()
                        + (task.message() == null ? "" : ": " + task.message()) + " (is the federated port " + federatedPort
                        + " reachable? --federated-port names another)");
            }
            context.out().println("federated task demo-digits " + id + " completed " + task.completedRounds() + " rounds: chorus fl tasks show " + id);
        } finally {
            nodes.forEach(FederatedClient::close);
        }
    }

    /** Ten classes of 28×28 images, each a bright band at its own rows plus noise: learnable in a round or two. */
    private static Dataset generated(int n) {
        Random random = new Random(7);
        float[] images = new float[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
            for (int p = 0; p < 28 * 28; p++) {
                int row = p / 28;
                images[i * 28 * 28 + p] = (row / 2 == labels[i] + 2 ? 0.8f : 0f) + 0.2f * random.nextFloat();
            }
        }
        return new Dataset(images, labels, 28, 28, 10);
    }

    /** Runs {@code create}, saying so; a thing that already exists is left as it is. */
    private void step(String what, Runnable create) {
        try {
            create.run();
            context.out().println("created " + what);
        } catch (ChorusClientException e) {
            if (!exists(e)) {
                throw e;
            }
            context.out().println(what + " exists");
        }
    }

    private static boolean exists(ChorusClientException e) {
        return "AlreadyExists".equals(e.errorCode()) || "RESOURCE_ALREADY_EXISTS".equals(e.errorCode()) || e.status() == 409;
    }
}
