package org.sparkmore.data;

import java.lang.Character.UnicodeScript;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writing systems of names, by Unicode script: which script a code point belongs to, which scripts together write
 * one language (ISO 15924's compound systems: Japanese mixes Han and both kanas, Korean mixes Hangul and Han), and
 * whether a name stays within one system. Used for the data report's script statistics and for the script purity
 * of generated names. Pure Java, so it runs on executors inside UDFs and in the sampler alike.
 *
 * <p>Code points of the COMMON, INHERITED and UNKNOWN scripts are neutral: punctuation, digits, the kana length
 * mark, combining accents and the zero-width joiners belong to no one script, so they never make a name impure.
 */
public final class Scripts {

    /** ISO 15924 Jpan: Japanese is written with kanji and both kanas, often in one name. */
    private static final Set<UnicodeScript> JAPANESE = Collections.unmodifiableSet(
            EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA));
    /** ISO 15924 Kore: Korean is written in Hangul, with Hanja (Han) in formal and older names. */
    private static final Set<UnicodeScript> KOREAN = Collections.unmodifiableSet(
            EnumSet.of(UnicodeScript.HANGUL, UnicodeScript.HAN));
    /**
     * A Han-majority language counts as Japanese or Korean when at least this share of its scripted symbols is kana
     * or Hangul: Japanese names are often all kanji, but a Chinese table has next to none of either.
     */
    private static final double COMPOUND_SHARE = 0.02;

    private Scripts() {
    }

    /** The code point's script, or null for the neutral COMMON, INHERITED and UNKNOWN. */
    public static UnicodeScript script(int codePoint) {
        UnicodeScript s = UnicodeScript.of(codePoint);
        return s == UnicodeScript.COMMON || s == UnicodeScript.INHERITED || s == UnicodeScript.UNKNOWN ? null : s;
    }

    /**
     * The scripts that together write a language whose most common script is {@code main}: Japanese
     * (Han+Hiragana+Katakana) for either kana, Korean (Hangul+Han) for Hangul, else the main script alone; empty
     * for null (a language with no scripted symbol).
     */
    public static Set<UnicodeScript> writingSystem(UnicodeScript main) {
        if (main == null) return Set.of();
        if (main == UnicodeScript.HIRAGANA || main == UnicodeScript.KATAKANA) return JAPANESE;
        if (main == UnicodeScript.HANGUL) return KOREAN;
        return Collections.unmodifiableSet(EnumSet.of(main));
    }

    /**
     * The writing system of a language, from how often each script occurs in its names. Like
     * {@link #writingSystem(UnicodeScript)} of the main script, except that a Han-majority language with a few
     * percent of kana is Japanese, and one with a few percent of Hangul is Korean (a kanji-heavy name list).
     */
    public static Set<UnicodeScript> writingSystem(Map<UnicodeScript, Long> counts) {
        UnicodeScript main = mainScript(counts);
        if (main == UnicodeScript.HAN) {
            long all = counts.values().stream().mapToLong(Long::longValue).sum();
            long kana = counts.getOrDefault(UnicodeScript.HIRAGANA, 0L)
                    + counts.getOrDefault(UnicodeScript.KATAKANA, 0L);
            if (kana >= COMPOUND_SHARE * all) return JAPANESE;
            if (counts.getOrDefault(UnicodeScript.HANGUL, 0L) >= COMPOUND_SHARE * all) return KOREAN;
        }
        return writingSystem(main);
    }

    /** "Cyrillic", "Japanese (Han+Hiragana+Katakana)", "Korean (Hangul+Han)"; other sets joined by '+'. */
    public static String describe(Set<UnicodeScript> system) {
        if (system.equals(JAPANESE)) return "Japanese (Han+Hiragana+Katakana)";
        if (system.equals(KOREAN)) return "Korean (Hangul+Han)";
        return system.stream().map(Scripts::displayName).sorted().collect(Collectors.joining("+"));
    }

    /** A script's name as people write it: OLD_ITALIC is "Old Italic". */
    public static String displayName(UnicodeScript script) {
        return Arrays.stream(script.name().split("_"))
                .map(w -> w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
    }

    /**
     * Whether every scripted code point of the name is in the system. A name with no scripted code point at all
     * (digits, punctuation) is not pure: it is not written in the system either.
     */
    public static boolean isPure(String name, Set<UnicodeScript> system) {
        boolean any = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            UnicodeScript s = script(cp);
            if (s == null) continue;
            if (!system.contains(s)) return false;
            any = true;
        }
        return any;
    }

    /** The script with the highest count, ties to the earlier in enum order; null when there is none. */
    public static UnicodeScript mainScript(Map<UnicodeScript, Long> counts) {
        UnicodeScript best = null;
        long bestCount = -1;
        for (Map.Entry<UnicodeScript, Long> e : counts.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) continue;
            long n = e.getValue();
            if (n > bestCount || (n == bestCount && e.getKey().ordinal() < best.ordinal())) {
                best = e.getKey();
                bestCount = n;
            }
        }
        return best;
    }
}
