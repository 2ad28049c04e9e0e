package org.sparkmore.ml;

import java.util.Arrays;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns {@link NameMlpModel#transform} adds, and the checks of the columns it reads. */
final class Columns {

    /** Sum of ln p over the name's symbols, the end marker included (nats); null when not scored. */
    static final String LOG_LIKELIHOOD = "logLikelihood";
    /** -logLikelihood / symbols. */
    static final String NLL_PER_SYMBOL = "nllPerSymbol";
    /** exp(nllPerSymbol). */
    static final String PERPLEXITY = "perplexity";
    /** Predicted symbols: the cleaned name's code points + 1 for the end marker. */
    static final String SYMBOLS = "symbols";
    /** Code points scored as the vocabulary's unknown-symbol token. */
    static final String UNKNOWN_SYMBOLS = "unknownSymbols";
    /** Why a row has null scores (null, empty, too long, unknown language, symbol outside the vocabulary). */
    static final String PROBLEM = "scoreProblem";

    private Columns() {
    }

    /** The input schema with the score columns after it. */
    static StructType withScores(StructType schema) {
        for (String c : new String[] {LOG_LIKELIHOOD, NLL_PER_SYMBOL, PERPLEXITY, SYMBOLS, UNKNOWN_SYMBOLS, PROBLEM})
            if (Arrays.asList(schema.fieldNames()).contains(c))
                throw new IllegalArgumentException("the table already has a column '" + c + "', which scoring adds");
        return schema.add(LOG_LIKELIHOOD, DataTypes.DoubleType, true)
                .add(NLL_PER_SYMBOL, DataTypes.DoubleType, true)
                .add(PERPLEXITY, DataTypes.DoubleType, true)
                .add(SYMBOLS, DataTypes.IntegerType, true)
                .add(UNKNOWN_SYMBOLS, DataTypes.IntegerType, true)
                .add(PROBLEM, DataTypes.StringType, true);
    }

    /** A column of names or language codes: any atomic type, read as its text as training casts it. */
    static void requireText(StructType schema, String column, String param) {
        require(schema, column, null, param);
    }

    static void require(StructType schema, String column, DataType type, String param) {
        if (!Arrays.asList(schema.fieldNames()).contains(column))
            throw new IllegalArgumentException("the " + param + " '" + column + "' is not a column; the columns are: "
                    + String.join(", ", schema.fieldNames()));
        DataType actual = schema.apply(column).dataType();
        boolean atomic = !(actual instanceof org.apache.spark.sql.types.StructType
                || actual instanceof org.apache.spark.sql.types.ArrayType
                || actual instanceof org.apache.spark.sql.types.MapType);
        if (type == null ? !atomic : !actual.equals(type))
            throw new IllegalArgumentException("the " + param + " '" + column + "' must be "
                    + (type == null ? "a string or another atomic type" : type.simpleString())
                    + ", is " + actual.simpleString());
    }
}
