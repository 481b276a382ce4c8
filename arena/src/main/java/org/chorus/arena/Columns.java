package org.chorus.arena;

import java.util.List;

/**
 * A solution and a submission aligned row by row (row i of every array is the same id), in the shape a metric family
 * reads. Rows are ordered public split first, so a split is a range {@code [from, to)} and scoring never gathers.
 */
public sealed interface Columns {
    int rows();

    /** Class indices: truth's labels are {@code 0..classes-1} plus any label only a submission used. */
    record Labels(int[] truth, int[] predicted, int classes) implements Columns {
        public int rows() {
            return truth.length;
        }
    }

    /**
     * Class indices and predicted probabilities, row-major with {@code width} per row: width 1 is a binary problem
     * (the probability of class 1), otherwise one column per class in the solution's class order.
     */
    record Probabilities(int[] truth, double[] predicted, int width) implements Columns {
        public int rows() {
            return truth.length;
        }

        int classes() {
            return width == 1 ? 2 : width;
        }
    }

    record Values(double[] truth, double[] predicted) implements Columns {
        public int rows() {
            return truth.length;
        }
    }

    /** Per row: the relevant items with their gains, and the submission's items in ranked order (item ids interned). */
    record Rankings(int[][] relevant, double[][] gains, int[][] ranked) implements Columns {
        public int rows() {
            return relevant.length;
        }
    }

    /**
     * The solution's and the submission's rows as text, aligned (custom metrics): the server checks ids and shape
     * only, a worker scores them.
     */
    record Rows(List<String> solutionHeader, String[][] solution, List<String> submissionHeader, String[][] submission)
            implements Columns {
        public int rows() {
            return solution.length;
        }
    }
}
