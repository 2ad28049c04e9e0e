package org.sparkmore.ml;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.NameCleaner;
import org.sparkmore.io.SavedModel;
import org.sparkmore.sample.NameScorer;
import org.sparkmore.train.SingleThreaded;

/**
 * The executor side of {@link NameMlpModel#transform}: each row's name cleaned as training cleaned it, scored by
 * {@link NameScorer} in bounded chunks, and the row passed on with its score columns ({@link Columns}).
 *
 * @param model     the broadcast model
 * @param nameIndex position of the name column in the rows
 * @param langIndex position of the language column, or -1 for none
 */
record RowScoring(SavedModel model, int nameIndex, int langIndex) implements Serializable {

    Iterator<Row> score(Iterator<Row> rows) {
        SingleThreaded.ensure();
        DataConfig data = DataConfig.DEFAULTS;
        boolean lowercase = flag(model.config().get("data.lowercase"), data.lowercase());
        int maxLength = number(model.config().get("data.maxLength"), data.maxLength());
        NameScorer scorer = NameScorer.of(model, maxLength);
        return scorer.scoreAll(rows,
                row -> NameCleaner.clean(text(row, nameIndex), language(row), lowercase),
                !scorer.conditioned() ? null : row -> NameCleaner.language(text(row, langIndex)),
                RowScoring::withScore);
    }

    /** The row's language, which case folding follows as training's did; null without a language column. */
    private String language(Row row) {
        return langIndex < 0 ? null : NameCleaner.language(text(row, langIndex));
    }

    /** A column's value as text, as training casts it: a name column of numbers or codes scores as their text. */
    private static String text(Row row, int index) {
        return row.isNullAt(index) ? null : String.valueOf(row.get(index));
    }

    private static Row withScore(Row row, NameScorer.Score s) {
        Object[] values = new Object[row.length() + 6];
        for (int i = 0; i < row.length(); i++) values[i] = row.get(i);
        int at = row.length();
        if (s.ok()) {
            values[at] = s.logLikelihood();
            values[at + 1] = s.nllPerSymbol();
            values[at + 2] = s.perplexity();
            values[at + 3] = s.symbols();
            values[at + 4] = s.unknownSymbols();
        } else {
            values[at + 5] = s.problem().reason();
        }
        return RowFactory.create(values);
    }

    /** A config value as model.json gives it back (a string, or a JSON boolean); the default when absent. */
    private static boolean flag(Object v, boolean otherwise) {
        return v == null ? otherwise : Boolean.parseBoolean(String.valueOf(v));
    }

    private static int number(Object v, int otherwise) {
        return v == null ? otherwise : Integer.parseInt(String.valueOf(v));
    }
}
