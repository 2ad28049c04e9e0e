package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Finds names not written in their language's writing system, such as the romanised entries of a Hindi or Greek
 * list, for {@code data.mainScriptOnly}. The writing systems come from the data (one Spark aggregation of letters
 * per language and script; only those counts reach the driver), as {@link Scripts#writingSystem(Map)} picks them.
 */
final class ScriptFilter {

    /** The drop reason, counted like every other. */
    static final String REASON = "not in its language's writing system";

    private ScriptFilter() {
    }

    /**
     * A column holding {@link #REASON} for a row (with name and language columns) whose name is not pure in its
     * language's writing system, null otherwise.
     *
     * @param kept the rows the writing systems are learnt from: the kept names, with their language
     */
    static Column reason(Dataset<Row> kept) {
        HashMap<String, EnumSet<UnicodeScript>> systems = new HashMap<>();
        DataReport.scripts(kept).forEach((language, counts) -> {
            var system = Scripts.writingSystem(counts);
            systems.put(language, system.isEmpty() ? EnumSet.noneOf(UnicodeScript.class) : EnumSet.copyOf(system));
        });
        UserDefinedFunction pure = udf((UDF2<String, String, Boolean>) (name, language) ->
                name != null && language != null && systems.containsKey(language)
                        && Scripts.isPure(name, systems.get(language)), DataTypes.BooleanType);
        return when(pure.apply(col("name"), col("language")).equalTo(false), lit(REASON));
    }
}
