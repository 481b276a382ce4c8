package org.chorus.arena;

import java.util.Arrays;

/**
 * The metrics' loops over a row range, written as a plain loop over primitive arrays would be (no boxing, no
 * allocation per row), with scikit-learn's conventions where a definition leaves a choice: balanced accuracy averages
 * the recall of the classes present in the truth; macro F1 averages over the labels of truth and prediction together;
 * log loss clips at the float64 epsilon and renormalises rows; R² is 1 when truth and prediction are both constant
 * and equal, 0 when only the truth is; NDCG uses linear gains and is 0 for a row with no relevant item; MAP@k is
 * Kaggle's (hits at rank i add precision@i, divided by min(relevant, k), 0 for a row with no relevant item).
 */
final class Kernels {
    private static final double EPS = Math.ulp(1.0);
    private static final double LN2 = Math.log(2);

    private Kernels() {}

    static double accuracy(Columns.Labels c, int from, int to) {
        int[] t = c.truth();
        int[] p = c.predicted();
        long correct = 0;
        for (int i = from; i < to; i++) {
            correct += t[i] == p[i] ? 1 : 0;
        }
        return (double) correct / (to - from);
    }

    static double balancedAccuracy(Columns.Labels c, int from, int to) {
        long[] support = new long[c.classes()];
        long[] hits = new long[c.classes()];
        for (int i = from; i < to; i++) {
            int t = c.truth()[i];
            support[t]++;
            hits[t] += t == c.predicted()[i] ? 1 : 0;
        }
        double sum = 0;
        int present = 0;
        for (int k = 0; k < support.length; k++) {
            if (support[k] > 0) {
                sum += (double) hits[k] / support[k];
                present++;
            }
        }
        return sum / present;
    }

    static double f1Macro(Columns.Labels c, int from, int to) {
        long[] truePos = new long[c.classes()];
        long[] inTruth = new long[c.classes()];
        long[] inPrediction = new long[c.classes()];
        for (int i = from; i < to; i++) {
            int t = c.truth()[i];
            int p = c.predicted()[i];
            inTruth[t]++;
            inPrediction[p]++;
            truePos[t] += t == p ? 1 : 0;
        }
        double sum = 0;
        int labels = 0;
        for (int k = 0; k < truePos.length; k++) {
            if (inTruth[k] + inPrediction[k] > 0) {
                sum += 2.0 * truePos[k] / (inTruth[k] + inPrediction[k]);
                labels++;
            }
        }
        return sum / labels;
    }

    /** Single-label micro F1: every miss is one false positive and one false negative, so it equals accuracy. */
    static double f1Micro(Columns.Labels c, int from, int to) {
        return accuracy(c, from, to);
    }

    /** Binary AUC, or the unweighted mean of one-vs-rest AUCs over the classes. */
    static double rocAuc(Columns.Probabilities c, int from, int to) {
        if (c.width() == 1) {
            return auc(c, from, to, 1, 0);
        }
        double sum = 0;
        for (int k = 0; k < c.width(); k++) {
            sum += auc(c, from, to, k, k);
        }
        return sum / c.width();
    }

    /** P(score of a positive > score of a negative) + ½ P(equal), by sorting each side once and merging. */
    private static double auc(Columns.Probabilities c, int from, int to, int positiveClass, int column) {
        int positives = 0;
        for (int i = from; i < to; i++) {
            positives += c.truth()[i] == positiveClass ? 1 : 0;
        }
        int negatives = to - from - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double[] pos = new double[positives];
        double[] neg = new double[negatives];
        int w = c.width();
        for (int i = from, a = 0, b = 0; i < to; i++) {
            double s = c.predicted()[i * w + column];
            if (c.truth()[i] == positiveClass) {
                pos[a++] = s;
            } else {
                neg[b++] = s;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        double wins = 0;
        int below = 0;
        for (int a = 0; a < positives; ) {
            double s = pos[a];
            int same = a;
            while (same < positives && pos[same] == s) {
                same++;
            }
            while (below < negatives && neg[below] < s) {
                below++;
            }
            int equal = below;
            while (equal < negatives && neg[equal] == s) {
                equal++;
            }
            wins += (same - a) * (below + 0.5 * (equal - below));
            a = same;
        }
        return wins / ((double) positives * negatives);
    }

    static double logLoss(Columns.Probabilities c, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += logLoss(c, i);
        }
        return sum / (to - from);
    }

    static double[] logLosses(Columns.Probabilities c, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = logLoss(c, i);
        }
        return out;
    }

    private static double logLoss(Columns.Probabilities c, int i) {
        double[] p = c.predicted();
        if (c.width() == 1) {
            double one = clip(p[i]);
            return -Math.log(c.truth()[i] == 1 ? one : 1 - one);
        }
        int w = c.width();
        double rowSum = 0;
        for (int k = 0; k < w; k++) {
            rowSum += clip(p[i * w + k]);
        }
        return -Math.log(clip(p[i * w + c.truth()[i]]) / rowSum);
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, EPS), 1 - EPS);
    }

    static double meanSquaredError(Columns.Values c, int from, int to) {
        double[] t = c.truth();
        double[] p = c.predicted();
        double sum = 0;
        for (int i = from; i < to; i++) {
            double d = t[i] - p[i];
            sum += d * d;
        }
        return sum / (to - from);
    }

    static double meanAbsoluteError(Columns.Values c, int from, int to) {
        double[] t = c.truth();
        double[] p = c.predicted();
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.abs(t[i] - p[i]);
        }
        return sum / (to - from);
    }

    static double r2(Columns.Values c, int from, int to) {
        double[] t = c.truth();
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += t[i];
        }
        mean /= to - from;
        double total = 0;
        for (int i = from; i < to; i++) {
            total += (t[i] - mean) * (t[i] - mean);
        }
        double residual = meanSquaredError(c, from, to) * (to - from);
        if (total == 0) {
            return residual == 0 ? 1.0 : 0.0;
        }
        return 1 - residual / total;
    }

    static double[] zeroOneLosses(Columns.Labels c, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = c.truth()[i] == c.predicted()[i] ? 0 : 1;
        }
        return out;
    }

    static double[] squaredErrors(Columns.Values c, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            double d = c.truth()[i] - c.predicted()[i];
            out[i - from] = d * d;
        }
        return out;
    }

    static double[] absoluteErrors(Columns.Values c, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = Math.abs(c.truth()[i] - c.predicted()[i]);
        }
        return out;
    }

    static double mapAtK(Columns.Rankings c, int from, int to, int k) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += averagePrecision(c, i, k);
        }
        return sum / (to - from);
    }

    static double ndcgAtK(Columns.Rankings c, int from, int to, int k) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += ndcg(c, i, k);
        }
        return sum / (to - from);
    }

    static double[] rankingLosses(Columns.Rankings c, int from, int to, int k, boolean ndcg) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = 1 - (ndcg ? ndcg(c, i, k) : averagePrecision(c, i, k));
        }
        return out;
    }

    /** Items in a row are distinct (the parser refuses repeats), so every hit is a new one. */
    private static double averagePrecision(Columns.Rankings c, int row, int k) {
        int[] relevant = c.relevant()[row];
        if (relevant.length == 0) {
            return 0;
        }
        int[] ranked = c.ranked()[row];
        int n = Math.min(k, ranked.length);
        double score = 0;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (indexOf(relevant, ranked[i]) >= 0) {
                hits++;
                score += (double) hits / (i + 1);
            }
        }
        return score / Math.min(relevant.length, k);
    }

    private static double ndcg(Columns.Rankings c, int row, int k) {
        int[] relevant = c.relevant()[row];
        double[] gains = c.gains()[row];
        int[] ranked = c.ranked()[row];
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.length); i++) {
            int at = indexOf(relevant, ranked[i]);
            if (at >= 0) {
                dcg += gains[at] / discount(i);
            }
        }
        double[] ideal = gains.clone();
        Arrays.sort(ideal);
        double best = 0;
        for (int i = 0; i < Math.min(k, ideal.length); i++) {
            best += ideal[ideal.length - 1 - i] / discount(i);
        }
        return best == 0 ? 0 : dcg / best;
    }

    private static double discount(int rank) {
        return Math.log(rank + 2) / LN2;
    }

    private static int indexOf(int[] items, int item) {
        for (int i = 0; i < items.length; i++) {
            if (items[i] == item) {
                return i;
            }
        }
        return -1;
    }
}
