package org.sparkmore.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkmore.train.JobLabel;

/**
 * Mean negative log-likelihood per symbol (nats) of a table that {@link NameMlpModel#transform} scored: the sum of
 * -logLikelihood over the scored names divided by the sum of their symbols, which is evaluation's loss over the
 * same names' windows. Smaller is better, so {@code CrossValidator} and {@code TrainValidationSplit} can tune the
 * estimator with it. Rows with null scores (see {@code scoreProblem}) are left out, and their count is logged.
 */
public final class NameMlpEvaluator extends Evaluator implements MLWritable {

    private static final Logger LOG = LogManager.getLogger(NameMlpEvaluator.class);

    private final String uid;

    public NameMlpEvaluator() {
        this(Identifiable.randomUID("nameMlpEval"));
    }

    public NameMlpEvaluator(String uid) {
        this.uid = uid;
    }

    @Override
    public double evaluate(Dataset<?> scored) {
        Columns.require(scored.schema(), Columns.LOG_LIKELIHOOD, org.apache.spark.sql.types.DataTypes.DoubleType,
                "score column");
        Row r = JobLabel.describe(scored.sparkSession(), "mean NLL per symbol of the scored table",
                () -> scored.agg(sum(col(Columns.LOG_LIKELIHOOD)), sum(col(Columns.SYMBOLS)),
                        count(col(Columns.PROBLEM))).first());
        if (r.getLong(2) > 0)
            LOG.warn("{} rows have no score (see column {}) and are left out", r.getLong(2), Columns.PROBLEM);
        if (r.isNullAt(1) || r.getLong(1) == 0)
            throw new IllegalArgumentException("no row of the table could be scored, so it has no mean NLL");
        double nll = -r.getDouble(0) / r.getLong(1);
        LOG.info(String.format(Locale.ROOT, "mean NLL per symbol %.6f over %,d symbols", nll, r.getLong(1)));
        return nll;
    }

    @Override
    public boolean isLargerBetter() {
        return false;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public NameMlpEvaluator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<NameMlpEvaluator> read() {
        return new DefaultParamsReader<>();
    }
}
