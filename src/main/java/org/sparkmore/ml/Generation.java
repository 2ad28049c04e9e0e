package org.sparkmore.ml;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.Params;
import org.sparkmore.sample.SampleConfig;
import org.sparkmore.sample.Sampler;
import org.sparkmore.train.SingleThreaded;

/**
 * The executor side of {@link NameMlpModel#generate}: partition p of P draws its share of the n names (n / P, one
 * more for the first n % P) from a stream seeded by (seed, p), a chunk at a time, so memory stays bounded however
 * many names a partition makes. The same seed and partitions give the same rows, wherever the tasks run.
 *
 * @param model      the broadcast model
 * @param draw       temperature, top-k, top-p, prefix, maximum length and language; its count and seed are not used
 * @param count      names in all
 * @param partitions how many partitions share them
 * @param seed       the stream every partition's seed derives from
 */
record Generation(SavedModel model, SampleConfig draw, long count, int partitions, long seed) implements Serializable {

    /** (name, language, logLikelihood): language is null for a model without languages. */
    static final StructType SCHEMA = new StructType()
            .add("name", DataTypes.StringType, false)
            .add("language", DataTypes.StringType, true)
            .add(Columns.LOG_LIKELIHOOD, DataTypes.DoubleType, false);

    /** Names per call of the sampler: a few MB of rows at a time. */
    static final int CHUNK = 8192;

    Iterator<Row> partition(int p) {
        SingleThreaded.ensure();
        long share = count / partitions + (p < count % partitions ? 1 : 0);
        Sampler sampler = new Sampler(model.model(), model.vocabulary(), model.languages(),
                Params.wrap(model.model(), Nd4j.createFromArray(model.params())));
        // Partition p's stream is the (p+1)-th split of the seed's generator: splits are independent streams,
        // unlike generators seeded with nearby numbers; each chunk's seed is drawn from it
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < p; i++) root.split();
        SplittableRandom stream = root.split();
        return new Iterator<>() {
            private long left = share;
            private List<Sampler.Sample> chunk = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                return next < chunk.size() || left > 0;
            }

            @Override
            public Row next() {
                if (next == chunk.size()) {
                    if (left == 0) throw new NoSuchElementException();
                    int n = (int) Math.min(CHUNK, left);
                    chunk = sampler.draw(new SampleConfig(n, draw.temperature(), draw.topK(), draw.topP(),
                            draw.prefix(), draw.maxLength(), stream.nextLong(), draw.language()));
                    left -= n;
                    next = 0;
                }
                Sampler.Sample s = chunk.get(next++);
                return RowFactory.create(s.name(), s.language().isEmpty() ? null : s.language(), s.logLikelihood());
            }
        };
    }
}
