package org.sparkmore.data;

import static java.lang.Character.UnicodeScript.ARABIC;
import static java.lang.Character.UnicodeScript.CYRILLIC;
import static java.lang.Character.UnicodeScript.DEVANAGARI;
import static java.lang.Character.UnicodeScript.GOTHIC;
import static java.lang.Character.UnicodeScript.GREEK;
import static java.lang.Character.UnicodeScript.HAN;
import static java.lang.Character.UnicodeScript.HANGUL;
import static java.lang.Character.UnicodeScript.HEBREW;
import static java.lang.Character.UnicodeScript.HIRAGANA;
import static java.lang.Character.UnicodeScript.KATAKANA;
import static java.lang.Character.UnicodeScript.LATIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScriptsTest {

    @Test
    void neutralCodePointsHaveNoScript() {
        assertNull(Scripts.script('-'));
        assertNull(Scripts.script('7'));
        assertNull(Scripts.script(0x0301)); // combining acute: INHERITED
        assertNull(Scripts.script(0x200C)); // ZWNJ: INHERITED
        assertNull(Scripts.script(0x30FC)); // katakana-hiragana prolonged sound mark: COMMON
        assertNull(Scripts.script(0x064E)); // Arabic fatha: INHERITED
        assertNull(Scripts.script(0xE0001)); // a tag character outside the BMP: COMMON
        assertEquals(HAN, Scripts.script("𠮷".codePointAt(0)));     // CJK Extension B, outside the BMP
        assertEquals(GOTHIC, Scripts.script("𐍅".codePointAt(0)));
    }

    @Test
    void devanagariSignsBelongToDevanagari() {
        // प्रिया: pa, virama, ra, vowel sign i, ya, vowel sign aa; every one is DEVANAGARI, none neutral
        "प्रिया".codePoints().forEach(cp -> assertEquals(DEVANAGARI, Scripts.script(cp),
                Integer.toHexString(cp)));
        assertTrue(Scripts.isPure("प्रिया", Set.of(DEVANAGARI)));
        assertTrue(Scripts.isPure("अर्जुन", Scripts.writingSystem(DEVANAGARI)));
    }

    @Test
    void singleScriptLanguagesArePureInTheirOwnScriptOnly() {
        assertTrue(Scripts.isPure("Дмитрий", Set.of(CYRILLIC)));
        assertTrue(Scripts.isPure("Анна-Мария", Set.of(CYRILLIC))); // the hyphen is neutral
        assertFalse(Scripts.isPure("Дмитрий", Set.of(LATIN)));
        // Latin "o" inside a Russian name: the classic mixed-script look-alike
        assertFalse(Scripts.isPure("Дмитрo", Set.of(CYRILLIC)));
        assertTrue(Scripts.isPure("Αλέξανδρος", Set.of(GREEK)));
        assertTrue(Scripts.isPure("שָׂרָה", Set.of(HEBREW))); // Hebrew points are HEBREW
        assertTrue(Scripts.isPure("فاطمة", Set.of(ARABIC)));
        assertTrue(Scripts.isPure("Renée", Set.of(LATIN)));
        assertTrue(Scripts.isPure("Rene\u0301e", Set.of(LATIN))); // decomposed: the combining acute is neutral
        assertTrue(Scripts.isPure("Łukasz", Set.of(LATIN)));
    }

    @Test
    void aNameWithNoScriptedSymbolIsNotPure() {
        assertFalse(Scripts.isPure("", Set.of(LATIN)));
        assertFalse(Scripts.isPure("42-7", Set.of(LATIN)));
    }

    @Test
    void japaneseAndKoreanAreCompoundWritingSystems() {
        Set<UnicodeScript> jpan = Scripts.writingSystem(KATAKANA);
        assertEquals(Set.of(HAN, HIRAGANA, KATAKANA), jpan);
        assertEquals(jpan, Scripts.writingSystem(HIRAGANA));
        assertTrue(Scripts.isPure("サクラ", jpan));
        assertTrue(Scripts.isPure("さくら", jpan));
        assertTrue(Scripts.isPure("山田花子", jpan));
        assertTrue(Scripts.isPure("𠮷野", jpan));
        assertTrue(Scripts.isPure("ユーリ", jpan)); // the long-vowel mark is neutral
        assertFalse(Scripts.isPure("サクラ Sakura", jpan));
        assertEquals(Set.of(HANGUL, HAN), Scripts.writingSystem(HANGUL));
        assertTrue(Scripts.isPure("김민준", Scripts.writingSystem(HANGUL)));
        assertFalse(Scripts.isPure("김민준", Scripts.writingSystem(HAN)));
        assertEquals(Set.of(CYRILLIC), Scripts.writingSystem(CYRILLIC));
        assertEquals(Set.of(), Scripts.writingSystem((UnicodeScript) null));
    }

    @Test
    void describeNamesTheSystem() {
        assertEquals("Cyrillic", Scripts.describe(Scripts.writingSystem(CYRILLIC)));
        assertEquals("Japanese (Han+Hiragana+Katakana)", Scripts.describe(Scripts.writingSystem(KATAKANA)));
        assertEquals("Korean (Hangul+Han)", Scripts.describe(Scripts.writingSystem(HANGUL)));
        assertEquals("Greek+Latin", Scripts.describe(Set.of(LATIN, GREEK)));
        assertEquals("Old Italic", Scripts.displayName(UnicodeScript.OLD_ITALIC));
    }

    @Test
    void mainScriptIsTheMostCommonWithTiesInEnumOrder() {
        Map<UnicodeScript, Long> counts = new EnumMap<>(UnicodeScript.class);
        assertNull(Scripts.mainScript(counts));
        counts.put(LATIN, 3L);
        counts.put(CYRILLIC, 997L);
        assertEquals(CYRILLIC, Scripts.mainScript(counts));
        counts.put(GREEK, 997L);
        assertEquals(GREEK, Scripts.mainScript(counts)); // GREEK comes before CYRILLIC in UnicodeScript
        assertEquals(GREEK, Scripts.mainScript(Map.of(CYRILLIC, 5L, GREEK, 5L)));
    }

    @Test
    void hanMajorityTablesWithKanaOrHangulAreJapaneseOrKorean() {
        assertEquals(Set.of(HAN, HIRAGANA, KATAKANA), Scripts.writingSystem(Map.of(HAN, 90L, HIRAGANA, 10L)));
        assertEquals(Set.of(HANGUL, HAN), Scripts.writingSystem(Map.of(HAN, 90L, HANGUL, 10L)));
        assertEquals(Set.of(HAN), Scripts.writingSystem(Map.of(HAN, 998L, LATIN, 2L)));
        assertEquals(Set.of(HAN, HIRAGANA, KATAKANA), Scripts.writingSystem(Map.of(KATAKANA, 92L, HAN, 5L)));
        assertEquals(Set.of(), Scripts.writingSystem(Map.<UnicodeScript, Long>of()));
    }
}
