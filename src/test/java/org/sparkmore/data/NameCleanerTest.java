package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
