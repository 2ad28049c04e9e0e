package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.cli.CliTest.run;
import static org.sparkmore.cli.CliTest.with;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A names table with a language column, end to end: train conditioned, sample per language, evaluate per language. */
class LanguageCliTest {
    @TempDir Path dir;

    static final String[] RU = {"иван", "мария", "ольга", "пётр", "анна", "сергей",
        "дмитрий", "елена", "алексей", "наталья", "михаил", "татьяна",
        "николай", "ирина", "андрей", "светлана", "владимир", "юлия",
        "павел", "вера"};
    static final String[] EL = {"ελένη", "νίκος", "μαρία", "γιώργος", "σοφία",
        "κώστας", "άννα", "δημήτρης", "κατερίνα", "γιάννης", "ευαγγελία",
        "παναγιώτης", "δέσποινα", "θανάσης", "χριστίνα", "βασίλης"};

    @Test
    void conditionedModelTrainsSamplesAndEvaluatesPerLanguage() throws Exception {
        Path csv = table();
        Path model = dir.resolve("model");
        CliTest.Run train = run(with(with(new String[] {"train"}, CliTest.SMALL), "--input", csv.toString(),
                "--language-column", "lang", "--balance-languages", "--output", model.toString(), "--samples", "8"));
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("languages: 2, each with an embedding row"), train.out());
        assertTrue(train.out().contains("languageBalance=0.5"), train.out());
        assertTrue(train.out().contains("  el  ") && train.out().contains("  ru  "), train.out()); // 4 samples each

        CliTest.Run ru = run("sample", "--model", model.toString(), "--no-label", "-n", "5", "--language", "ru");
        assertEquals(0, ru.code(), ru.err());
        String[] lines = ru.out().strip().split("\n");
        assertEquals(5, lines.length);
        for (String l : lines) assertTrue(l.endsWith("\tru"), l);

        CliTest.Run unknown = run("sample", "--model", model.toString(), "--no-label", "--language", "xx");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown language 'xx'; the model knows 2: el, ru"), unknown.err());

        Path report = dir.resolve("eval.json");
        CliTest.Run eval = run("evaluate", "--model", model.toString(), "--master", "local[2]", "--samples", "10",
                "--report", report.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("average per-language dev loss"), eval.out());
        assertTrue(eval.out().matches("(?s).*\\n  el .*Greek\\n.*")
                && eval.out().matches("(?s).*\\n  ru .*Cyrillic\\n.*"), eval.out());
        String json = Files.readString(report);
        assertTrue(json.contains("\"language\" : \"ru\"") && json.contains("\"purity\""), json);
    }

    @Test
    void plainModelOnTheSameTableReportsDevLossPerLanguageButNoSamples() throws Exception {
        Path model = dir.resolve("plain");
        CliTest.Run train = run(with(with(new String[] {"train"}, CliTest.SMALL), "--input", table().toString(),
                "--language-column", "lang", "--set", "model.languageEmbedding=false", "--output", model.toString(),
                "--samples", "0"));
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("languages: 2, not conditioned on"), train.out());
        CliTest.Run any = run("sample", "--model", model.toString(), "--no-label", "--language", "ru");
        assertEquals(2, any.code());
        assertTrue(any.err().contains("no languages"), any.err());
    }

    private Path table() throws java.io.IOException {
        List<String> lines = new ArrayList<>(List.of("name,lang"));
        for (String n : RU) lines.add(n + ",ru");
        for (String n : EL) lines.add(n + ",el");
        Path csv = dir.resolve("names.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        return csv;
    }
}
