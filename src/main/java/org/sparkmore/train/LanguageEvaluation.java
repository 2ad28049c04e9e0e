package org.sparkmore.train;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.data.DataReport;
import org.sparkmore.data.Languages;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.SampleLabels;
import org.sparkmore.data.Scripts;
import org.sparkmore.sample.SampleConfig;
import org.sparkmore.sample.Sampler;

/**
 * A model's results per language: dev loss, and for names it generates in that language, novelty (the share that
 * are not training names) and script purity (the share whose letters all belong to the language's writing system:
 * the script of most of its training names' letters, with Han and Kana together for Japanese and Hangul and Han
 * for Korean, as ISO 15924's Jpan and Kore). Samples need a language-conditioned model; a plain one gets NaN there.
 *
 * @param rows    one per language, in code order
 * @param average the unweighted mean of the per-language dev losses, over languages with dev windows
 */
public record LanguageEvaluation(List<Row> rows, double average) {

    /** One language's figures; devLoss is NaN without dev windows, novelty and purity NaN without samples. */
    public record Row(String language, long devWindows, double devLoss, String writingSystem, int samples,
                      double novelty, double purity) {
    }

    /**
     * @param devSums  per-language dev loss sums as {@link Trainer#lossSums} returns them
     * @param names    the cleaned table with its splits
     * @param perLanguage how many names to generate per language (0 for none)
     */
    public static LanguageEvaluation of(SparkSession spark, double[] devSums, Languages languages,
                                        Dataset<org.apache.spark.sql.Row> names, Sampler sampler,
                                        SampleConfig sample, int perLanguage) {
        Map<String, Set<UnicodeScript>> systems = DataReport.writingSystems(names);
        boolean sampled = perLanguage > 0 && sampler.languages().size() == languages.size();
        List<Sampler.Sample> all = new ArrayList<>();
        for (String code : sampled ? languages.codes() : List.<String>of())
            all.addAll(sampler.draw(sample.with(perLanguage, code)));
        Map<String, String> labels = SampleLabels.of(spark, names, all.stream().map(Sampler.Sample::name).toList());
        List<Row> rows = new ArrayList<>();
        double sum = 0;
        int counted = 0;
        for (int l = 0; l < languages.size(); l++) {
            String code = languages.codes().get(l);
            long windows = (long) devSums[3 + 2 * l];
            double loss = windows == 0 ? Double.NaN : devSums[2 + 2 * l] / windows;
            if (windows > 0) {
                sum += loss;
                counted++;
            }
            Set<UnicodeScript> system = systems.getOrDefault(code, Set.of());
            List<String> mine = all.stream().filter(s -> s.language().equals(code)).map(Sampler.Sample::name).toList();
            double novelty = share(mine, n -> !labels.get(n).equals("in-" + NamesTable.TRAIN));
            double purity = share(mine, n -> Scripts.isPure(n, system));
            rows.add(new Row(code, windows, loss, Scripts.describe(system), mine.size(), novelty, purity));
        }
        return new LanguageEvaluation(rows, counted == 0 ? Double.NaN : sum / counted);
    }

    private static double share(List<String> names, java.util.function.Predicate<String> test) {
        return names.isEmpty() ? Double.NaN : (double) names.stream().filter(test).count() / names.size();
    }
}
