package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.Character.UnicodeScript;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class DefaultDatasetTest {

    private static final List<NameRow> ROWS = DefaultDataset.load();

    private static Set<UnicodeScript> scripts() {
        return ROWS.stream().map(r -> UnicodeScript.of(r.name().codePointAt(0))).collect(Collectors.toSet());
    }

    @Test
    void holdsTensOfThousandsOfNames() {
        assertTrue(ROWS.size() > 30_000, "rows: " + ROWS.size());
    }

    @Test
    void coversManyLanguagesAndScripts() {
        Set<String> languages = ROWS.stream().map(NameRow::language).collect(Collectors.toSet());
        assertTrue(languages.size() >= 30, "languages: " + languages);
        assertTrue(languages.containsAll(Set.of("en", "nl", "el", "ru", "uk", "ja", "zh", "ko", "ar", "he", "ta")),
                languages.toString());
        assertFalse(languages.contains("by"), "by is Belarus, folded into be");
        assertTrue(scripts().containsAll(Set.of(UnicodeScript.LATIN, UnicodeScript.CYRILLIC, UnicodeScript.GREEK,
                UnicodeScript.ARABIC, UnicodeScript.HANGUL, UnicodeScript.TAMIL)), scripts().toString());
    }

    @Test
    void containsKnownNamesWithTheirLanguage() {
        Set<NameRow> rows = new HashSet<>(ROWS);
        for (NameRow expected : List.of(new NameRow("Emma", "en"), new NameRow("Ольга", "ru"),
                new NameRow("Вольга", "be"), new NameRow("Estel·la", "ca"), new NameRow("서연", "ko")))
            assertTrue(rows.contains(expected), expected.toString());
        assertTrue(ROWS.stream().anyMatch(r -> r.language().equals("el")
                && UnicodeScript.of(r.name().codePointAt(0)) == UnicodeScript.GREEK));
    }

    @Test
    void skipsTemplatesAndJunk() {
        for (NameRow r : ROWS) {
            assertFalse(r.name().contains("#{"), r.toString());
            assertTrue(DefaultDataset.isName(r.name()), r.toString());
            assertEquals(r.name().strip(), r.name(), r.toString());
        }
        assertFalse(DefaultDataset.isName("#{female_first_name}"));
        assertFalse(DefaultDataset.isName("Mia+3"));
        assertFalse(DefaultDataset.isName("jahong1r_t"));
        assertTrue(DefaultDataset.isName("Estel·la"));
        assertTrue(DefaultDataset.isName("Мар’яна"));
    }

    @Test
    void isSortedDistinctAndTheSameEveryTime() {
        assertEquals(ROWS, DefaultDataset.read());
        assertEquals(ROWS.size(), new HashSet<>(ROWS).size());
        for (int i = 1; i < ROWS.size(); i++) {
            NameRow a = ROWS.get(i - 1);
            NameRow b = ROWS.get(i);
            int c = a.language().compareTo(b.language());
            assertTrue(c < 0 || c == 0 && a.name().compareTo(b.name()) < 0, a + " before " + b);
        }
    }

    @Test
    void everyListedFileExistsAndHoldsNames() {
        for (String file : DefaultDataset.FILES)
            assertFalse(DefaultDataset.rowsOf(DefaultDataset.stringsOnlyYaml(), file).isEmpty(), file);
    }

    @Test
    void yamlWordsThatLookLikeBooleansStayStrings() {
        Object doc = DefaultDataset.stringsOnlyYaml().load("names: [No, Yes, On, 1e3, ~]");
        assertEquals(Map.of("names", List.of("No", "Yes", "On", "1e3", "~")), doc);
    }
}
