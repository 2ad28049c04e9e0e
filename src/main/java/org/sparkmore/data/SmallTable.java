package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkmore.model.ContextLayout;

/**
 * A cleaned names table small enough to hold on the driver (the embedded names, names-split: tens of thousands),
 * collected in one Spark job with each name's window partition. From it the driver derives, with no further job,
 * what {@link VocabularyBuilder#build}, {@link Windows#languages} and {@link Windows#pack} derive with Spark: the
 * same vocabulary, the same languages in the same order, and the same names in the same partition's
 * {@link NameBlock}, whose windows are sorted by content; so a run trains on the same bits either way.
 */
public final class SmallTable {

    /** One kept name: its split and the partition {@link Windows#pack} would put it in. */
    private record Name(String name, String language, String split, int partition) {
    }

    private final List<Name> names;
    private final int partitions;

    private SmallTable(List<Name> names, int partitions) {
        this.names = names;
        this.partitions = partitions;
    }

    /**
     * Collects the table (columns name, language, split) to the driver.
     *
     * @param partitions the windows' partitions, as {@link Windows#pack} gets them
     */
    public static SmallTable collect(Dataset<Row> table, int partitions) {
        List<Name> names = new ArrayList<>();
        for (Row r : table.select(col("name"), col("language"), col("split"), Windows.partitionOf(partitions))
                .collectAsList())
            names.add(new Name(r.getString(0), r.getString(1), r.getString(2), r.getInt(3)));
        return new SmallTable(names, partitions);
    }

    public int size() {
        return names.size();
    }

    /** The vocabulary of every split's names, as {@link VocabularyBuilder#build(Dataset, DataConfig)} builds it. */
    public VocabularyBuilder.Result vocabulary(DataConfig c) {
        Map<Integer, Long> all = new TreeMap<>();
        Map<String, Map<Integer, Long>> perLanguage = new TreeMap<>();
        for (Name n : names) {
            Map<Integer, Long> mine = c.hasLanguage() && n.language() != null
                    ? perLanguage.computeIfAbsent(n.language(), k -> new TreeMap<>()) : null;
            n.name().codePoints().forEach(cp -> {
                all.merge(cp, 1L, Long::sum);
                if (mine != null) mine.merge(cp, 1L, Long::sum);
            });
        }
        return VocabularyBuilder.fromCounts(all, perLanguage, c.minCount(), c.maxVocab());
    }

    /** The languages with their training names, as {@link Windows#languages} counts them. */
    public Languages languages() {
        Map<String, Long> train = new TreeMap<>();
        for (Name n : names) {
            if (n.language() == null) throw new IllegalArgumentException("the language column has empty values");
            train.merge(n.language(), n.split().equals(NamesTable.TRAIN) ? 1L : 0L, Long::sum);
        }
        return new Languages(new ArrayList<>(train.keySet()), new ArrayList<>(train.values()));
    }

    /** The longest name's length in code points; 0 for none. */
    public int longestName() {
        return names.stream().mapToInt(n -> n.name().codePointCount(0, n.name().length())).max().orElse(0);
    }

    /** One block per partition of the split's names, as {@link Windows#pack} packs them. */
    public List<WindowBlock> blocks(String split, Vocabulary v, Languages languages, ContextLayout layout) {
        Windows.requireVocabulary(layout, v);
        List<NameBlock.Builder> builders = new ArrayList<>();
        for (int p = 0; p < partitions; p++) builders.add(new NameBlock.Builder(layout, !languages.none()));
        for (Name n : names)
            if (n.split().equals(split))
                builders.get(n.partition()).add(v.encode(n.name()), Windows.languageIndex(languages, n.language()));
        List<WindowBlock> blocks = new ArrayList<>();
        for (NameBlock.Builder b : builders) blocks.add(b.build());
        return blocks;
    }
}
