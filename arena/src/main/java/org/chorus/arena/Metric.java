package org.chorus.arena;

import java.util.Locale;
import org.chorus.core.ChorusException;

/**
 * The built-in evaluation metrics. Each reads one family of {@link Columns}; {@code higherIsBetter} orders a
 * leaderboard. Metrics that are a mean of per-example losses (after a monotone map for RMSE and R²) can drive the
 * Ladder, which compares per-example loss vectors; the others cannot.
 */
public enum Metric {
    ACCURACY("accuracy", Family.LABELS, true, true),
    BALANCED_ACCURACY("balanced_accuracy", Family.LABELS, true, false),
    F1_MACRO("f1_macro", Family.LABELS, true, false),
    F1_MICRO("f1_micro", Family.LABELS, true, false),
    ROC_AUC("roc_auc", Family.PROBABILITIES, true, false),
    LOG_LOSS("log_loss", Family.PROBABILITIES, false, true),
    RMSE("rmse", Family.VALUES, false, true),
    MAE("mae", Family.VALUES, false, true),
    R2("r2", Family.VALUES, true, true),
    MAP_AT_K("map@k", Family.RANKINGS, true, true),
    NDCG_AT_K("ndcg@k", Family.RANKINGS, true, true),
    /** The host's own score, higher is better, computed by the competition's workers on each split. */
    CUSTOM("custom", Family.CUSTOM, true, false),
    /** The host's own per-row losses, computed by the competition's workers; the score is their mean, lower is better. */
    CUSTOM_LOSS("custom_loss", Family.CUSTOM, false, true);

    /** The shape of the columns a metric reads; {@link #CUSTOM}: rows the server only aligns, for a worker to score. */
    public enum Family { LABELS, PROBABILITIES, VALUES, RANKINGS, CUSTOM }

    private final String wire;
    private final Family family;
    private final boolean higherIsBetter;
    private final boolean decomposable;

    Metric(String wire, Family family, boolean higherIsBetter, boolean decomposable) {
        this.wire = wire;
        this.family = family;
        this.higherIsBetter = higherIsBetter;
        this.decomposable = decomposable;
    }

    public String wire() {
        return wire;
    }

    public Family family() {
        return family;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether the score is a monotone function of a mean of per-example losses ({@link #losses} is defined). */
    public boolean decomposable() {
        return decomposable;
    }

    /** Whether the competition's registered workers score it, not this server. */
    public boolean byWorker() {
        return family == Family.CUSTOM;
    }

    public static Metric parse(String wire) {
        String w = wire == null ? "" : wire.toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.wire.equals(w)) {
                return m;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Metric m : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(m.wire);
        }
        throw ChorusException.invalid("unknown metric '" + wire + "'; one of " + names);
    }

    /** The metric over rows {@code [from, to)}; {@code k} is the cut-off of the ranking metrics. */
    public double score(Columns columns, int from, int to, int k) {
        requireFamily(columns);
        return switch (this) {
            case ACCURACY -> Kernels.accuracy(labels(columns), from, to);
            case BALANCED_ACCURACY -> Kernels.balancedAccuracy(labels(columns), from, to);
            case F1_MACRO -> Kernels.f1Macro(labels(columns), from, to);
            case F1_MICRO -> Kernels.f1Micro(labels(columns), from, to);
            case ROC_AUC -> Kernels.rocAuc((Columns.Probabilities) columns, from, to);
            case LOG_LOSS -> Kernels.logLoss((Columns.Probabilities) columns, from, to);
            case RMSE -> Math.sqrt(Kernels.meanSquaredError((Columns.Values) columns, from, to));
            case MAE -> Kernels.meanAbsoluteError((Columns.Values) columns, from, to);
            case R2 -> Kernels.r2((Columns.Values) columns, from, to);
            case MAP_AT_K -> Kernels.mapAtK((Columns.Rankings) columns, from, to, k);
            case NDCG_AT_K -> Kernels.ndcgAtK((Columns.Rankings) columns, from, to, k);
            case CUSTOM, CUSTOM_LOSS -> throw new IllegalStateException(wire + " is scored by the competition's workers");
        };
    }

    /**
     * Per-example losses over {@code [from, to)}, lower is better, whose mean orders submissions as the score does:
     * 0/1 error, log loss, squared error (RMSE and R²), absolute error, 1 − AP@k, 1 − NDCG@k.
     */
    public double[] losses(Columns columns, int from, int to, int k) {
        requireFamily(columns);
        if (!decomposable || byWorker()) {
            throw ChorusException.invalid("metric " + wire + (byWorker() ? " is scored by the competition's workers"
                    : " is not a mean of per-example losses"));
        }
        return switch (this) {
            case ACCURACY -> Kernels.zeroOneLosses(labels(columns), from, to);
            case LOG_LOSS -> Kernels.logLosses((Columns.Probabilities) columns, from, to);
            case RMSE, R2 -> Kernels.squaredErrors((Columns.Values) columns, from, to);
            case MAE -> Kernels.absoluteErrors((Columns.Values) columns, from, to);
            case MAP_AT_K -> Kernels.rankingLosses((Columns.Rankings) columns, from, to, k, false);
            case NDCG_AT_K -> Kernels.rankingLosses((Columns.Rankings) columns, from, to, k, true);
            default -> throw new IllegalStateException(wire);
        };
    }

    private void requireFamily(Columns columns) {
        Family actual = switch (columns) {
            case Columns.Labels l -> Family.LABELS;
            case Columns.Probabilities p -> Family.PROBABILITIES;
            case Columns.Values v -> Family.VALUES;
            case Columns.Rankings r -> Family.RANKINGS;
            case Columns.Rows r -> Family.CUSTOM;
        };
        if (actual != family) {
            throw new IllegalArgumentException(wire + " reads " + family + ", not " + actual);
        }
    }

    private static Columns.Labels labels(Columns c) {
        return (Columns.Labels) c;
    }
}
