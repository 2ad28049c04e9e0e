package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class NameCleanerTest {

    @Test
    void nullStaysNullAndIsDroppedAsNull() {
        assertNull(NameCleaner.clean(null, true));
        assertEquals("null", NameCleaner.dropReason(null, 50));
    }

    @Test
    void stripsByteOrderMarkAndCarriageReturns() {
        assertEquals("emma", NameCleaner.clean("\uFEFFemma\r", false));
        assertEquals("emma", NameCleaner.clean("\uFEFF  Emma \r\n", true));
        assertEquals("Anne-Marie", NameCleaner.clean("Anne-\rMarie", false));
    }

    @Test
    void trimsEveryKindOfSpaceButKeepsInnerSpaces() {
        assertEquals("Mary Ann", NameCleaner.clean("\u00A0\t Mary Ann\u2007\u202F\u3000\n", false));
        assertEquals("empty or whitespace only", NameCleaner.dropReason(NameCleaner.clean("\u00A0 \t\r\n", true), 50));
        assertEquals("empty or whitespace only", NameCleaner.dropReason("", 50));
    }

    @Test
    void aNameWithNoLetterIsDropped() {
        assertEquals("no letter", NameCleaner.dropReason(NameCleaner.clean("\u0301", true), 50));
        assertEquals("no letter", NameCleaner.dropReason("123", 50));
        assertEquals("no letter", NameCleaner.dropReason("-.-", 50));
        assertEquals(null, NameCleaner.dropReason("r2d2", 50));
        assertEquals(null, NameCleaner.dropReason("\u0928\u093F", 50)); // Devanagari ni: a letter and a vowel sign
    }

    @Test
    void composedAndDecomposedFormsAreTheSameName() {
        String composed = "Ren\u00e9e";
        String decomposed = "Rene\u0301e";
        assertEquals(NameCleaner.clean(composed, false), NameCleaner.clean(decomposed, false));
        assertEquals("ren\u00e9e", NameCleaner.clean(decomposed, true));
        assertEquals(5, NameCleaner.clean(decomposed, true).length());
        // Hangul jamo compose into one syllable under NFC.
        assertEquals("\uD55C", NameCleaner.clean("\u1112\u1161\u11AB", true));
    }

    @Test
    void nonBmpLettersAreKeptAndCountOneSymbolEach() {
        String gothic = "\uD800\uDF30\uD800\uDF31";
        assertEquals(gothic, NameCleaner.clean(" " + gothic + " ", true));
        assertNull(NameCleaner.dropReason(gothic, 2));
        assertEquals("longer than 1 symbols", NameCleaner.dropReason(gothic, 1));
        String script = "\uD835\uDCD0\uD835\uDCD1\uD835\uDCD2";
        assertNull(NameCleaner.dropReason(NameCleaner.clean(script, true), 3));
    }

    @Test
    void dropsOverlongLinesWithTheReason() {
        String line = "a".repeat(10_000);
        assertEquals("longer than 50 symbols", NameCleaner.dropReason(NameCleaner.clean(line, true), 50));
        assertNull(NameCleaner.dropReason("a".repeat(50), 50));
        assertEquals("longer than 50 symbols", NameCleaner.dropReason("a".repeat(51), 50));
    }

    @Test
    void lowerCasesGreekIncludingFinalSigma() {
        assertEquals("οδυσσεύς", NameCleaner.clean("ΟΔΥΣΣΕΎΣ", true));
        assertEquals("αλέξανδρος", NameCleaner.clean("Αλέξανδρος", true));
    }

    @Test
    void lowerCasingIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            // Turkish lower-cases I to dotless ı; the cleaner must not.
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals("ivan", NameCleaner.clean("IVAN", true));
            assertEquals("IVAN", NameCleaner.clean("IVAN", false));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void caselessScriptsAreUnchanged() {
        for (String name : new String[] {"서연", "王芳", "محمد", "דני"})
            assertEquals(name, NameCleaner.clean(name, true));
    }

    @Test
    void caselessScriptsAreByteIdenticalAfterCaseFolding() {
        // Hebrew, Arabic, Persian with ZWNJ, Hangul, Han, Devanagari (virama and vowel signs), Thai, Georgian
        for (String name : new String[] {"דוד", "מרים", "محمد", "فاطمة", "ماه\u200Cلقا", "지민",
                "서연", "王芳", "李小龍", "प्रिया", "अर्जुन", "สมชาย",
                "ნინო"}) {
            String folded = NameCleaner.clean(name, true);
            assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), folded.getBytes(StandardCharsets.UTF_8), name);
            assertEquals(name, NameCleaner.clean(name, false));
        }
    }

    @Test
    void casedScriptsAreLowerCasedOrKeptAsAsked() {
        assertEquals("иван", NameCleaner.clean("Иван", true));
        assertEquals("Иван", NameCleaner.clean("Иван", false));
        assertEquals("արամ", NameCleaner.clean("Արամ", true));
        // Deseret has case outside the BMP: capital DEE U+10414 folds to small dee U+1043C
        assertEquals("\uD801\uDC3C\uD801\uDC2F\uD801\uDC45",
                NameCleaner.clean("\uD801\uDC14\uD801\uDC2F\uD801\uDC45", true));
    }

    @Test
    void zeroWidthJoinersBetweenLettersAreKeptAndNotCounted() {
        String mahlagha = "ماه\u200Cلقا"; // Persian: the ZWNJ keeps heh from joining lam
        assertEquals(mahlagha, NameCleaner.clean(mahlagha, true));
        assertEquals(7, NameCleaner.clean(mahlagha, true).codePointCount(0, 7));
        assertNull(NameCleaner.inspect(mahlagha, true, 50).cleanReason());
        String sinhala = "ශ්\u200Dරී"; // ZWJ forms the rakaransaya conjunct
        assertEquals(sinhala, NameCleaner.clean(sinhala, true));
        // At an end a joiner joins nothing; it is trimmed like white space
        assertEquals("مریم", NameCleaner.clean("مریم\u200C", true));
    }

    @Test
    void otherFormatAndControlCharactersAreRemovedAndCounted() {
        String[][] cases = {
                {"Maxi\u00ADmilian", "maximilian"},   // soft hyphen
                {"\u200Eדוד", "דוד"},                   // left-to-right mark before a Hebrew name
                {"محمد\u200F", "محمد"},                 // right-to-left mark after an Arabic one
                {"Jo\uFEFFhn", "john"},                 // a byte order mark inside the line
                {"Anne\u0000-Marie", "anne-marie"},     // a NUL from a C export
                {"\u202AОльга\u202C", "ольга"},         // bidi embedding and pop
                {"\u2066 Ελένη\u2069", "ελένη"}};       // isolate marks around a space
        for (String[] c : cases) {
            NameCleaner.Cleaned n = NameCleaner.inspect(c[0], true, 50);
            assertEquals(c[1], n.name(), c[0]);
            assertEquals(NameCleaner.REMOVED_FORMAT_OR_CONTROL, n.cleanReason(), c[0]);
            assertNull(n.dropReason());
        }
    }

    @Test
    void endsOfLinesAndPaddingAreNotCountedAsCleaning() {
        NameCleaner.Cleaned n = NameCleaner.inspect("\uFEFF  Олег \r\n", true, 50);
        assertEquals("олег", n.name());
        assertNull(n.cleanReason());
        NameCleaner.Cleaned blank = NameCleaner.inspect("\u200E \u00A0", true, 50);
        assertEquals("empty or whitespace only", blank.dropReason());
    }

    @Test
    void languageCodesAreTrimmedAndKeepTheirCase() {
        assertEquals("ru", NameCleaner.language(" ru\t"));
        assertEquals("zh-Hant", NameCleaner.language("\u00A0zh-Hant "));
        assertNull(NameCleaner.language("  "));
        assertNull(NameCleaner.language(null));
    }

    @Test
    void aLineBreakInsideANameDropsTheRowButOneAtTheEndIsTrimmed() {
        for (String raw : new String[] {"Mari\na", "Mari\r\na", "Anne-\rMarie", "Ann\u0085e", "Ann\u2028e",
                "Ann\u2029e", "Ann\u000Be", "Ann\u000Ce"}) {
            NameCleaner.Cleaned n = NameCleaner.inspect(raw, true, 50);
            assertEquals(NameCleaner.LINE_BREAK, n.dropReason(), raw);
            assertEquals("holds a line break", n.dropReason());
        }
        assertNull(NameCleaner.inspect("Maria\r\n", true, 50).dropReason());
        assertNull(NameCleaner.inspect("\nMaria\u2028", true, 50).dropReason());
        assertEquals("empty or whitespace only", NameCleaner.inspect("\r\n\n", true, 50).dropReason());
    }

    @Test
    void aReplacementCharacterMarksBytesThatDidNotDecode() {
        NameCleaner.Cleaned n = NameCleaner.inspect("Jos\uFFFD", "es", true, 50);
        assertEquals("not valid UTF-8 (set data.encoding)", n.dropReason());
        assertEquals(NameCleaner.NOT_DECODED, NameCleaner.dropReason("\uFFFD", 50));
        assertEquals("not valid windows-1252 (set data.encoding)", NameCleaner.notDecoded("windows-1252"));
    }

    @Test
    void turkishCapitalsFoldWithTheRowsLanguage() {
        for (String tr : new String[] {"tr", "TR", "tr-TR", "tr_TR", "az", "az-Latn"}) {
            assertEquals("ibrahim", NameCleaner.clean("İbrahim", tr, true), tr);
            assertEquals("ışık", NameCleaner.clean("IŞIK", tr, true), tr);
        }
        assertEquals("işik", NameCleaner.clean("IŞIK", "en", true));
        assertEquals("işik", NameCleaner.clean("IŞIK", null, true));
        assertEquals("İbrahim", NameCleaner.clean("İbrahim", "tr", false));
    }

    @Test
    void dottedCapitalIFoldsToAPlainIWithoutALoneDot() {
        // root folding makes i + U+0307 of İ; decomposed input, and text lower-cased elsewhere, hold it too
        for (String raw : new String[] {"İbrahim", "I\u0307brahim", "i\u0307brahim", "İBRAHİM"})
            for (String language : new String[] {null, "en", "de", "xx-!!", "12"}) {
                NameCleaner.Cleaned n = NameCleaner.inspect(raw, language, true, 50);
                assertEquals("ibrahim", n.name(), raw + " " + language);
                assertNull(n.dropReason());
                assertTrue(n.name().indexOf('\u0307') < 0, n.name());
            }
        assertEquals("ibrahim", NameCleaner.clean("İbrahim", true));
    }

    @Test
    void lithuanianKeepsTheDotOfIBeforeAnAccent() {
        // Ì in Lithuanian is i, dot above, grave: without the dot the accent would replace it
        assertEquals("i\u0307\u0300", NameCleaner.clean("\u00CC", "lt", true));
        assertNull(NameCleaner.dropReason(NameCleaner.clean("J\u00CCra", "lt", true), 50));
        assertEquals("\u00ECra", NameCleaner.clean("\u00CCra", "en", true));
        assertEquals("ieva", NameCleaner.clean("IEVA", "lt", true));
    }

    @Test
    void aLoneCombiningMarkDropsTheRowButMarksAfterLettersAreKept() {
        assertEquals("lone combining mark", NameCleaner.inspect("\u0301anna", true, 50).dropReason());
        assertEquals(NameCleaner.LONE_MARK, NameCleaner.inspect("anna \u0301bob", true, 50).dropReason());
        assertEquals(NameCleaner.LONE_MARK, NameCleaner.inspect("\u00A0\u0308emma", true, 50).dropReason());
        assertEquals("no letter", NameCleaner.inspect("\u0301", true, 50).dropReason());
        // Devanagari virama and vowel signs, Arabic harakat, Hebrew niqqud, Bengali ra + ZWJ + virama (ra-phala),
        // Thai vowel marks, an emoji with its variation selector
        for (String name : new String[] {"प्रिया", "अर्जुन", "مُحَمَّد",
                "فَاطِمَة", "דָּוִד", "র\u200D্যাব", "สมชาย", "zo\uD83D\uDE00\uFE0Fe",
                "Rene\u0301e"}) {
            NameCleaner.Cleaned n = NameCleaner.inspect(name, "xx", true, 50);
            assertNull(n.dropReason(), name);
            if (!name.startsWith("Rene") && !name.startsWith("zo")) assertEquals(name, n.name());
        }
    }
}
