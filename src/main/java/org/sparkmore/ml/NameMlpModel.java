package org.sparkmore.ml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReadable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.Params;
import org.sparkmore.sample.SampleConfig;

/**
 * A trained character-level MLP of names as a Spark ML Model: {@link #transform} scores a table's names on the
 * executors, {@link #generate} draws names on the executors as a table, {@link #embeddings} gives the symbol
 * vectors, as {@code Word2VecModel.getVectors} does. It holds the same {@link SavedModel} the command line saves
 * and loads, and saves it in the same form (model.json, params.npy, checksums.sha256) under {@code path/data}.
 */
public final class NameMlpModel extends Model<NameMlpModel> implements MLWritable {

    private final String uid;
    private final SavedModel saved;
    private final Param<String> inputCol;
    private final Param<String> languageCol;

    /**
     * An empty model, for Spark Connect's service loader (META-INF/services), which makes one of each registered
     * stage before it loads a saved one; every method but the params' fails until then.
     */
    public NameMlpModel() {
        this(Identifiable.randomUID("nameMlpModel"), null);
    }

    public NameMlpModel(String uid, SavedModel saved) {
        this.uid = uid;
        this.saved = saved;
        inputCol = new Param<>(this, "inputCol", "column of names (strings) to score");
        languageCol = new Param<>(this, "languageCol", "column of language codes; needed by a language-"
                + "conditioned model, ignored by a plain one; empty = none");
        setDefault(inputCol, "name");
        setDefault(languageCol, "");
    }

    public NameMlpModel setInputCol(String v) { set(inputCol, v); return this; }
    public NameMlpModel setLanguageCol(String v) { set(languageCol, v); return this; }
    public Param<String> inputCol() { return inputCol; }
    public Param<String> languageCol() { return languageCol; }

    /** The model as the command line saves it: shape, vocabulary, languages, configuration, metrics, parameters. */
    public SavedModel saved() {
        if (saved == null) throw new IllegalStateException("an empty model: load a saved one with NameMlpModel.load");
        return saved;
    }

    /**
     * Every row of the table with its name's scores (see {@link Columns}): log-likelihood, NLL per symbol,
     * perplexity, symbols, unknown symbols. A row the model cannot score keeps null scores and says why in
     * {@code scoreProblem}: a null, empty or over-long name, a language the model has not seen (null scores rather
     * than an error, so one stray code does not fail a large job), or a symbol outside a vocabulary without an
     * unknown token. Names are cleaned first as training cleaned them (trimmed, NFC, lower-cased by default).
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        StructType in = dataset.schema();
        int langIndex = saved().model().conditioned() ? in.fieldIndex($(languageCol)) : -1;
        int nameIndex = in.fieldIndex($(inputCol));
        Broadcast<SavedModel> model = broadcast(dataset.sparkSession());
        return dataset.toDF().mapPartitions((MapPartitionsFunction<Row, Row>) rows ->
                new RowScoring(model.value(), nameIndex, langIndex).score(rows), Encoders.row(out));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Columns.requireText(schema, $(inputCol), "inputCol");
        if (saved().model().conditioned()) {
            if ($(languageCol).isEmpty())
                throw new IllegalArgumentException("this model is conditioned on languages (" + saved().languages()
                        .codes().size() + " of them): name the table's language column with setLanguageCol (score: "
                        + "--language-column)");
            Columns.requireText(schema, $(languageCol), "languageCol");
        }
        return Columns.withScores(schema);
    }

    /** {@link #generate(long, String, double, int, double, String, long, int)} on Spark's default parallelism. */
    public Dataset<Row> generate(long n, String language, double temperature, int topK, double topP, String prefix,
                                 long seed) {
        SparkSession session = SparkSession.active();
        return generate(n, language, temperature, topK, topP, prefix, seed,
                session.sparkContext().defaultParallelism());
    }

    /**
     * n names drawn on the executors as (name, language, logLikelihood). logLikelihood is the model's own
     * (temperature 1, untruncated) ln p of the drawn symbols and the end marker: a prefix, given rather than drawn,
     * adds nothing, and a name cut at the maximum length has no end-marker term. The same seed and partitions give the
     * same rows, however the result is later coalesced or unioned.
     *
     * @param language a language code for a conditioned model; null or empty draws each name's language from the
     *                 training mix
     */
    public Dataset<Row> generate(long n, String language, double temperature, int topK, double topP, String prefix,
                                 long seed, int partitions) {
        return generate(n, new SampleConfig(0, temperature, topK, topP, prefix == null ? "" : prefix,
                SampleConfig.DEFAULTS.maxLength(), seed, language == null ? "" : language), partitions);
    }

    /** n names drawn as {@code draw} says (its count aside), in partitions tasks; see the method above. */
    public Dataset<Row> generate(long n, SampleConfig draw, int partitions) {
        if (n < 0 || partitions < 1) throw new IllegalArgumentException("generate needs n >= 0 and partitions >= 1");
        checkLanguage(draw.language());
        SparkSession session = SparkSession.active();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
        Broadcast<SavedModel> model = jsc.broadcast(saved());
        long seed = draw.seed();
        // One share index per partition, carried as data: a later coalesce or union runs a share in another task
        // but still draws that share's names
        JavaRDD<Row> rows = jsc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
                .mapPartitions(shares -> {
                    Iterator<Row> none = Collections.emptyIterator();
                    return shares.hasNext() ? new Generation(model.value(), draw, n, partitions, seed)
                            .partition(shares.next()) : none;
                });
        return session.createDataFrame(rows, Generation.SCHEMA);
    }

    /** A language code must name one of a conditioned model's languages; a plain model takes none. */
    private void checkLanguage(String language) {
        if (language.isEmpty()) return;
        if (!saved().model().conditioned()) throw new IllegalArgumentException("this model is not conditioned on "
                + "languages (trained without a language column or with model.languageEmbedding=false): generate "
                + "takes no language, got '" + language + "'");
        saved().languages().index(language); // an unknown code fails here, naming the known ones
    }

    /** Each symbol's embedding as (symbol, vector); the boundary token prints as ".", the unknown one as U+FFFD. */
    public Dataset<Row> embeddings() {
        INDArray table = Params.wrap(saved().model(), Nd4j.createFromArray(saved().params())).embedding();
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < saved().vocabulary().size(); id++)
            rows.add(RowFactory.create(saved().vocabulary().symbol(id),
                    Vectors.dense(table.getRow(id).toDoubleVector())));
        StructType schema = new StructType().add("symbol", DataTypes.StringType, false)
                .add("vector", SQLDataTypes.VectorType(), false);
        return SparkSession.active().createDataFrame(rows, schema);
    }

    private Broadcast<SavedModel> broadcast(SparkSession session) {
        return JavaSparkContext.fromSparkContext(session.sparkContext()).broadcast(saved());
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public NameMlpModel copy(ParamMap extra) {
        return copyValues(new NameMlpModel(uid, saved), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelFiles.Writer(this);
    }

    public static MLReader<NameMlpModel> read() {
        return new ModelFiles.Reader();
    }

    public static NameMlpModel load(String path) {
        return read().load(path);
    }
}
