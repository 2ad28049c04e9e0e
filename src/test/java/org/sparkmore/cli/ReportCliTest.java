package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.cli.CliTest.run;
import static org.sparkmore.cli.CliTest.with;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.ModelStore;
import org.sparkmore.report.Figure;
import org.sparkmore.report.ModelReport;

/**
 * The acceptance test of {@code sparkmore report}: a model trained for real on local[2], then its report, from
 * {@code train --report} and from {@code report}: every PNG decodes at its size, the page shows every picture, and
 * the symbol map has one label per symbol; a language-conditioned model adds its table and its language map.
 */
class ReportCliTest {
    @TempDir Path dir;

    static final String[] NAMES = {"emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia",
        "harper", "evelyn", "abigail", "emily", "elizabeth", "mila", "ella", "avery", "sofia", "camila", "aria",
        "scarlett", "victoria", "madison", "luna", "grace", "chloe", "penelope", "layla", "riley", "zoey", "nora",
        "lily", "eleanor", "hannah", "lillian", "addison", "aubrey", "ellie", "stella", "natalie", "zoe", "leah",
        "hazel", "violet", "aurora", "savannah", "audrey", "brooklyn", "bella", "claire", "skylar", "lucy", "paisley",
        "everly", "anna", "caroline", "nova", "genesis", "emilia", "kennedy", "samantha", "maya", "willow", "kinsley",
        "naomi", "aaliyah", "elena", "sarah", "ariana", "allison", "gabriella", "alice", "madelyn", "cora", "ruby",
        "eva", "serenity", "autumn", "adeline", "hailey", "gianna", "valentina", "isla", "eliana", "quinn", "nevaeh",
        "ivy", "sadie", "piper", "lydia", "alexa", "josephine", "emery", "julia", "delilah", "arianna", "vivian",
        "kaylee", "sophie", "brielle", "madeline", "jacob", "xavier", "wyatt", "jaxon", "dylan", "hudson", "theo"};

    @Test
    void reportOfATrainedModelShowsEveryPictureAndLabelsEverySymbol() throws Exception {
        Path input = Files.write(dir.resolve("names.txt"), List.of(NAMES), StandardCharsets.UTF_8);
        Path model = dir.resolve("model");
        Path atEnd = dir.resolve("at-end");
        CliTest.Run train = run(with(with(new String[] {"train"}, CliTest.SMALL), "--input", input.toString(),
                "--output", model.toString(), "--samples", "0", "--report", atEnd.toString()));
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("report: 4 files in " + atEnd), train.out());

        Path report = dir.resolve("report");
        CliTest.Run r = run("report", "--model", model.toString(), "--output", report.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<Figure> figures = List.of(Figure.LOSS, Figure.SYMBOLS, Figure.NEXT);
        Vocabulary vocab = ModelStore.load(model.toString(), new Configuration()).vocabulary();
        for (Path d : List.of(report, atEnd)) {
            checkPictures(d, figures);
            assertEquals(IntStream.range(0, vocab.size()).mapToObj(vocab::symbol).toList(),
                    tableLabels(page(d), "symbol embeddings"), "one label per symbol, in " + d);
        }
        // The loss chart is drawn from curves.json: 3 rounds, each evaluated (train.evalEvery=1)
        String curves = Files.readString(model.resolve(ModelStore.CURVES));
        assertEquals(6, Pattern.compile("\"round\"").matcher(curves).results().count(), curves);
        assertTrue(page(report).contains("3 rounds, 3 dev evaluation(s)"), page(report));
    }

    @Test
    void conditionedModelAddsTheLanguageTableAndTheLanguageMap() throws Exception {
        List<String> lines = new ArrayList<>(List.of("name,lang"));
        for (String n : LanguageCliTest.RU) lines.add(n + ",ru");
        for (String n : LanguageCliTest.EL) lines.add(n + ",el");
        Path csv = Files.write(dir.resolve("names.csv"), lines, StandardCharsets.UTF_8);
        Path model = dir.resolve("model");
        CliTest.Run train = run(with(with(new String[] {"train"}, CliTest.SMALL), "--input", csv.toString(),
                "--language-column", "lang", "--output", model.toString(), "--samples", "0"));
        assertEquals(0, train.code(), train.err());

        Path report = dir.resolve("report");
        CliTest.Run r = run("report", "--model", model.toString(), "--output", report.toString(), "--master",
                "local[2]", "--samples", "5");
        assertEquals(0, r.code(), r.err());
        // Cyrillic and Greek lack the lecture's letters: the bars follow the model's own start, and say so
        assertTrue(r.out().contains("report: the vocabulary lacks one of the letters of 'abi'"), r.out());
        checkPictures(report, List.of(Figure.LOSS, Figure.SYMBOLS, Figure.NEXT, Figure.LANGUAGES));
        String page = page(report);
        assertEquals(List.of("el", "ru"), tableLabels(page, "language embeddings"));
        assertTrue(Pattern.compile("<td>el</td>(<td class=\"n\">[^<]+</td>){5}<td>Greek</td>").matcher(page).find()
                && Pattern.compile("<td>ru</td>(<td class=\"n\">[^<]+</td>){5}<td>Cyrillic</td>").matcher(page)
                .find(), page);
    }

    @Test
    void aMissingModelIsOneErrorLineAndHelpWorks() {
        CliTest.Run missing = run("report", "--model", dir.resolve("nothing").toString(), "--output",
                dir.resolve("r").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("error: no model at ") && missing.err().strip().lines().count() == 1,
                missing.err());
        assertTrue(Files.notExists(dir.resolve("r")));
        CliTest.Run help = run("report", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Usage: sparkmore report") && help.out().contains("--prefix"), help.out());
        assertTrue(run("train", "--help").out().contains("--report=DIR"));
    }

    /** Every PNG in the directory decodes at its figure's size, and the page shows exactly those PNGs. */
    static void checkPictures(Path report, List<Figure> figures) throws IOException {
        Set<String> pngs;
        try (Stream<Path> files = Files.list(report)) {
            pngs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png"))
                    .collect(Collectors.toSet());
        }
        assertEquals(figures.stream().map(Figure::file).collect(Collectors.toSet()), pngs);
        for (Figure f : figures) {
            BufferedImage image = ImageIO.read(report.resolve(f.file()).toFile());
            assertNotNull(image, f.file());
            assertEquals(List.of(f.width(), f.height()), List.of(image.getWidth(), image.getHeight()), f.file());
        }
        Set<String> shown = Pattern.compile("<img src=\"([^\"]+)\"").matcher(page(report)).results()
                .map(m -> m.group(1)).collect(Collectors.toSet());
        assertEquals(pngs, shown);
    }

    static String page(Path report) throws IOException {
        return Files.readString(report.resolve(ModelReport.PAGE));
    }

    /** The labels of a map's table of points, unescaped (these symbols need no escaping). */
    static List<String> tableLabels(String page, String map) {
        int at = page.indexOf("<summary>" + map);
        assertTrue(at >= 0, map + " missing");
        String table = page.substring(at, page.indexOf("</table>", at));
        return Pattern.compile("<tr><td>([^<]*)</td>").matcher(table).results().map(m -> m.group(1)).toList();
    }
}
