package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkmore.model.ContextLayout;

/**
 * A cleaned names table small enough to hold on the driver (the embedded names, names-split: tens of thousands),
 * collected in one Spark job, or held since the driver cleaned it; each name's window partition is Spark's hash
 * partitioning computed on the driver ({@link Windows#partitionOf}). From it the driver derives, with no job,
 * what {@link VocabularyBuilder#build}, {@link Windows#languages} and {@link Windows#pack} derive with Spark: the
 * same vocabulary, the same languages in the same order, and the same names in the same partition's
 * {@link NameBlock}, whose windows are sorted by content; so a run trains on the same bits either way. It also
 * labels samples and gives writing systems as the Spark jobs of {@link ReferenceNames} do.
 */
public final class SmallTable implements ReferenceNames {

    /** The splits in the order a sample's label prefers them. */
    private static final List<String> SPLITS = List.of(NamesTable.TRAIN, NamesTable.DEV, NamesTable.TEST);

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
        return of(table.select(col("name"), col("language"), col("split")).collectAsList(), partitions);
    }

    /**
     * Rows (name, language, split) the driver holds already: the embedded names it cleaned itself
     * ({@link NamesTable.Loaded#held}), so that no Spark job runs at all.
     */
    public static SmallTable of(List<Row> rows, int partitions) {
        List<Name> names = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String name = r.getString(0);
            names.add(new Name(name, r.getString(1), r.getString(2), Windows.partitionOf(name, partitions)));
        }
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

    /** Label per distinct sample, as {@link SampleLabels#of} gives it. */
    @Override
    public Map<String, String> labels(List<String> samples) {
        Map<String, Integer> rank = new HashMap<>();
        for (String s : samples) rank.put(s, SPLITS.size());
        for (Name n : names) rank.computeIfPresent(n.name(), (k, r) -> Math.min(r, rank(n.split())));
        Map<String, String> labels = new HashMap<>();
        rank.forEach((s, r) -> labels.put(s, r < SPLITS.size() ? "in-" + SPLITS.get(r) : SampleLabels.NEW));
        return labels;
    }

    /** 0 for train, 1 for dev, 2 for test and, as {@link SampleLabels} ranks it, any other split value. */
    private static int rank(String split) {
        int rank = SPLITS.indexOf(split);
        return rank < 0 ? SPLITS.size() - 1 : rank;
    }

    /** Each language's writing system from its training names' letters, as {@link DataReport#writingSystems}. */
    @Override
    public Map<String, Set<UnicodeScript>> writingSystems() {
        Map<String, Map<UnicodeScript, Long>> counts = new HashMap<>();
        for (Name n : names) {
            if (!n.split().equals(NamesTable.TRAIN)) continue;
            Map<UnicodeScript, Long> mine = counts.computeIfAbsent(n.language() == null ? "" : n.language(),
                    k -> new EnumMap<>(UnicodeScript.class));
            n.name().codePoints().mapToObj(Scripts::script).filter(Objects::nonNull)
                    .forEach(script -> mine.merge(script, 1L, Long::sum));
        }
        Map<String, Set<UnicodeScript>> systems = new HashMap<>();
        counts.forEach((language, c) -> systems.put(language, Scripts.writingSystem(c)));
        return systems;
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
