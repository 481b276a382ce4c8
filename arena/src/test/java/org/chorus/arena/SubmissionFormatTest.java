package org.chorus.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The format check's messages for values, probabilities and rankings (labels are covered by the contract). */
class SubmissionFormatTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void numbersMustBeFiniteNumbers() {
        Solution s = Solution.parse(b("id,y\na,1.5\nb,2\nc,3\n"), Metric.RMSE, 30, 1);

        assertThatThrownBy(() -> SubmissionFormat.align(s, b("id,y\na,1\nb,NaN\nc,3\n"))).hasMessage("submission line 3, column 'y': NaN is not allowed");
        assertThatThrownBy(() -> SubmissionFormat.align(s, b("id,y\na,1\nb,Infinity\nc,3\n"))).hasMessage("submission line 3, column 'y': Infinity is not finite");
        assertThatThrownBy(() -> SubmissionFormat.align(s, b("id,y\na,1\nb,two\nc,3\n"))).hasMessage("submission line 3, column 'y': 'two' is not a number");
        assertThat(((Columns.Values) SubmissionFormat.align(s, b("id,y\r\nc,3\r\n\"a\",1\r\nb,2\r\n"))).predicted()).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aParquetFileIsCheckedLikeCsvAndItsDoublesScoreExactlyAsTheirCsvText(@TempDir Path dir) {
        Random random = new Random(3);
        StringBuilder truth = new StringBuilder("id,y\n");
        StringBuilder guess = new StringBuilder("id,y\n");
        for (int i = 0; i < 500; i++) {
            truth.append("r").append(i).append(',').append(random.nextGaussian()).append('\n');
            guess.append("r").append(i).append(',').append(random.nextGaussian() / 3).append('\n');
        }
        Solution s = Solution.parse(b(truth.toString()), Metric.RMSE, 30, 1);
        byte[] parquet = Parquets.ofCsv(dir, b(guess.toString()));

        byte[] stored = SubmissionFormat.check(s, parquet);

        assertThat(Metric.RMSE.score(SubmissionFormat.align(s, stored), 0, 500, 0))
                .isEqualTo(Metric.RMSE.score(SubmissionFormat.align(s, b(guess.toString())), 0, 500, 0));
        assertThat(((Columns.Values) SubmissionFormat.align(s, stored)).predicted())
                .containsExactly(((Columns.Values) SubmissionFormat.align(s, b(guess.toString()))).predicted());
        Solution three = Solution.parse(b("id,y\na,1.5\nb,2\nc,3\n"), Metric.RMSE, 30, 1);
        assertThatThrownBy(() -> SubmissionFormat.check(three, Parquets.of(dir,
                "SELECT * FROM (VALUES ('a', 1.0::DOUBLE), ('b', 'nan'::DOUBLE), ('c', 3.0::DOUBLE)) t(id, y)")))
                .hasMessage("submission row 2, column 'y': NaN is not allowed");
        assertThatThrownBy(() -> SubmissionFormat.check(three, Parquets.of(dir,
                "SELECT * FROM (VALUES ('a', 1.0::DOUBLE), ('b', NULL), ('c', 3.0::DOUBLE)) t(id, y)")))
                .hasMessage("submission row 2, column 'y': '' is not a number");
        assertThatThrownBy(() -> SubmissionFormat.check(three, Parquets.of(dir, "SELECT * FROM (VALUES ('a', 1.0::DOUBLE)) t(id, y)")))
                .hasMessageStartingWith("the submission has 1 rows; the test set has 3: 2 ids are missing");
        assertThat(SubmissionFormat.check(three, b("id,y\na,1\nb,2\nc,3\n"))).as("CSV is stored as sent").isEqualTo(b("id,y\na,1\nb,2\nc,3\n"));
    }

    @Test
    void multiClassProbabilitiesHaveOneColumnPerClassEachInZeroToOne() {
        Solution s = Solution.parse(b("id,kind\na,cat\nb,dog\nc,emu\n"), Metric.LOG_LOSS, 50, 1);

        assertThatThrownBy(() -> SubmissionFormat.align(s, b("id,kind\na,0.5\n"))).hasMessage("wrong columns: expected id,cat,dog,emu, got id,kind");
        assertThatThrownBy(() -> SubmissionFormat.align(s, b("id,cat,dog,emu\na,0.5,0.5,0\nb,1.2,0,0\nc,0,0,1\n")))
                .hasMessage("submission line 3, column 'cat': 1.2 is not a probability in [0, 1]");
    }

    @Test
    void rankingsListEachItemOnce() {
        Solution s = Solution.parse(b("id,items\nq1,x y:2\nq2,z\n"), Metric.NDCG_AT_K, 50, 1);

        assertThatThrownBy(() -> SubmissionFormat.align(s, b("id,items\nq1,x y x\nq2,z\n"))).hasMessage("submission line 2: item 'x' is listed twice");
        Columns.Rankings r = (Columns.Rankings) SubmissionFormat.align(s, b("id,items\nq1,y unknown x\nq2,\n"));
        assertThat(Metric.NDCG_AT_K.score(r, 0, 2, 10)).isBetween(0.0, 1.0);
    }

    @Test
    void solutionsAreCheckedToo() {
        assertThatThrownBy(() -> Solution.parse(b("id\na\n"), Metric.ACCURACY, 30, 1)).hasMessageContaining("header of two columns");
        assertThatThrownBy(() -> Solution.parse(b("id,y\na,1\na,2\n"), Metric.RMSE, 30, 1)).hasMessage("solution line 3: id 'a' also appears on line 2");
        assertThatThrownBy(() -> Solution.parse(b("id,y\na,1\nb,x\n"), Metric.RMSE, 30, 1)).hasMessage("solution line 3, column 'y': 'x' is not a number");
        assertThatThrownBy(() -> Solution.parse(b("id,y\na,1\nb,1\n"), Metric.ROC_AUC, 30, 1)).hasMessageContaining("at least two classes");
    }
}
