package org.sparkmore.data;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one raw line of a names table into the name the model trains on, and decides whether to keep it. Static
 * functions of their arguments (with a cache of parsed language tags), so Spark UDFs can call them on executors
 * without shipping any state.
 *
 * <p>Cleaning trims white space of any kind from both ends, including no-break spaces, carriage returns and byte
 * order marks (files saved on Windows); removes every format (Cf) and control (Cc) character, such as a byte order
 * mark inside the line, a soft hyphen or a bidi mark, except the zero-width non-joiner and joiner between two
 * characters, which change how Persian, Kurdish and Indic names are written; optionally lower-cases; and normalizes
 * to Unicode NFC, so that a precomposed "é" and "e" + combining acute are the same symbol. Lengths are counted in
 * code points, the model's symbols.
 *
 * <p>Lower-casing uses the row's language, read as a BCP 47 tag (underscores as hyphens, so "tr_TR" is Turkish),
 * never the machine's locale. Java's case mapping differs from the root one only for Turkish and Azerbaijani
 * (I → ı, İ → i) and Lithuanian (an i keeps its dot before an accent: Ì → i̇̀); every other language, and a
 * row without one, folds as {@link Locale#ROOT}. Root folding turns İ into i + combining dot above (U+0307), which
 * would become a symbol of its own that samples put on any letter: so after folding, in every language, an i
 * followed by U+0307 and no further mark becomes a plain i, and "İbrahim" is "ibrahim".
 *
 * <p>A row is dropped, with a stable reason, when it is null; holds U+FFFD (bytes the reader could not decode in the
 * table's encoding, or a mark of an earlier failed decode); is empty; holds a line break inside (a csv field over
 * several lines is not a name, and gluing its pieces would invent one); has no letter; has a lone combining mark
 * (at the start or after white space: it marks no letter); or is longer than the limit.
 */
public final class NameCleaner {

    /** Why a row counts as cleaned: it lost characters beyond the white space at its ends. */
    public static final String REMOVED_FORMAT_OR_CONTROL = "removed format or control characters";
    /** Why a row is dropped when the table has a language column and the row's language is null or blank. */
    public static final String NO_LANGUAGE = "no language";
    /** Why a row holding U+FFFD is dropped, for a table read as UTF-8; {@link #notDecoded} for another charset. */
    public static final String NOT_DECODED = notDecoded("UTF-8");
    /** Why a row with a line break (CR, LF, VT, FF, NEL, U+2028, U+2029) between its characters is dropped. */
    /** A name written over two lines happens (a wrapped cell); over three, the csv itself is broken. */
    static final int MANY_LINE_BREAKS = 3;
    public static final String LINE_BREAK = "holds a line break";
    /**
     * Why a row is dropped whose name spans more lines than a name would: in a csv read with multiLine, an unclosed
     * quote swallows the rows after it into one field, so this one count may stand for many lost lines.
     */
    public static final String LINE_BREAKS = "holds " + MANY_LINE_BREAKS + " or more line breaks (an unclosed quote "
            + "in a csv swallows the rows after it)";
    /** Why a row with a combining mark at its start or after white space is dropped. */
    public static final String LONE_MARK = "lone combining mark";

    private static final char BOM = '\uFEFF';
    private static final char REPLACEMENT = '\uFFFD';
    private static final char DOT_ABOVE = '\u0307';
    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;
    /** A language column holds a few hundred codes; past this many the tags are parsed per row, not cached. */
    private static final int MAX_CACHED_LOCALES = 10_000;
    private static final Map<String, Locale> LOCALES = new ConcurrentHashMap<>();

    /** A cleaned name, and why it is dropped and why it was cleaned: each reason null when it does not apply. */
    public record Cleaned(String name, String dropReason, String cleanReason) {
    }

    private NameCleaner() {
    }

    /** The cleaned name, possibly empty; null for null. Lower-cased as a row without a language. */
    public static String clean(String raw, boolean lowercase) {
        return clean(raw, null, lowercase);
    }

    /** The cleaned name of a row in this language (null for none), possibly empty; null for null. */
    public static String clean(String raw, String language, boolean lowercase) {
        return raw == null ? null : normalize(strip(trim(raw)), language, lowercase);
    }

    /** As {@link #inspect(String, String, boolean, int)} for a row without a language. */
    public static Cleaned inspect(String raw, boolean lowercase, int maxLength) {
        return inspect(raw, null, lowercase, maxLength);
    }

    /** The cleaned name with its drop reason and clean reason: all a Spark job needs to know of one row. */
    public static Cleaned inspect(String raw, String language, boolean lowercase, int maxLength) {
        if (raw == null) return new Cleaned(null, dropReason(null, maxLength), null);
        String trimmed = trim(raw);
        String stripped = strip(trimmed);
        String name = normalize(stripped, language, lowercase);
        // Only ends that are white space are expected in a table (line ends, padding); anything more is reported
        String cleanReason = stripped.equals(trimmed) ? null : REMOVED_FORMAT_OR_CONTROL;
        return new Cleaned(name, dropReason(trimmed, name, maxLength), cleanReason);
    }

    /**
     * Why a cleaned name is dropped, or null to keep it. The reasons are stable strings, fit for counting.
     *
     * @param maxLength the most code points a kept name may have
     */
    public static String dropReason(String cleaned, int maxLength) {
        return dropReason(cleaned, cleaned, maxLength);
    }

    /** The reason for a row whose bytes did not decode in this charset, e.g. "not valid UTF-8 (set data.encoding)". */
    public static String notDecoded(String charset) {
        return "not valid " + charset + " (set data.encoding)";
    }

    /**
     * A language code as given, trimmed like a name; null when null or blank. Case is kept: codes are compared
     * as written, so "RU" and "ru" are two languages (the data report shows both).
     */
    public static String language(String raw) {
        if (raw == null) return null;
        String s = trim(raw);
        return s.isEmpty() ? null : s;
    }

    /** The checks in order; line breaks are looked for before cleaning, which removes the control characters. */
    private static String dropReason(String trimmed, String cleaned, int maxLength) {
        if (cleaned == null) return "null";
        if (cleaned.indexOf(REPLACEMENT) >= 0) return NOT_DECODED;
        if (trim(cleaned).isEmpty()) return "empty or whitespace only";
        long breaks = trimmed.codePoints().filter(NameCleaner::isLineBreak).count();
        if (breaks >= MANY_LINE_BREAKS) return LINE_BREAKS;
        if (breaks > 0) return LINE_BREAK;
        // A name is made of letters; a row of digits, marks or symbols alone (a lone U+0301, "123") is no name
        if (cleaned.codePoints().noneMatch(Character::isLetter)) return "no letter";
        if (hasLoneMark(cleaned)) return LONE_MARK;
        if (cleaned.codePointCount(0, cleaned.length()) > maxLength) return "longer than " + maxLength + " symbols";
        return null;
    }

    /** Case folding last but one: Unicode does not promise that case mapping keeps a string in NFC. */
    private static String normalize(String s, String language, boolean lowercase) {
        if (lowercase) s = withoutDotAfterI(s.toLowerCase(locale(language)));
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** The locale whose case mapping a language's names get: root for none. */
    private static Locale locale(String language) {
        if (language == null) return Locale.ROOT;
        Locale cached = LOCALES.get(language);
        if (cached != null) return cached;
        Locale parsed = Locale.forLanguageTag(language.replace('_', '-'));
        if (LOCALES.size() < MAX_CACHED_LOCALES) LOCALES.put(language, parsed);
        return parsed;
    }

    /** i + U+0307 as i, unless another mark follows: Lithuanian keeps that dot so that an accent sits above it. */
    private static String withoutDotAfterI(String s) {
        if (s.indexOf(DOT_ABOVE) < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean dotOfI = c == DOT_ABOVE && i > 0 && s.charAt(i - 1) == 'i'
                    && (i + 1 == s.length() || !isMark(s.codePointAt(i + 1)));
            if (!dotOfI) sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Whether a combining mark starts the name or follows white space, where it marks no letter. Marks after a
     * letter, another mark or a joiner (Devanagari vowel signs, Arabic harakat, Hebrew niqqud, Bengali ZWJ + virama)
     * are how those scripts are written.
     */
    private static boolean hasLoneMark(String s) {
        int previous = ' ';
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isMark(cp) && (Character.isWhitespace(previous) || Character.isSpaceChar(previous))) return true;
            previous = cp;
            i += Character.charCount(cp);
        }
        return false;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** The characters Unicode's line breaking rules always break after (UAX #14 classes BK, CR, LF, NL). */
    private static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    /**
     * Removes format and control characters but the joiners, then trims again: removal can leave white space, or a
     * joiner with nothing to join, at an end.
     */
    private static String strip(String s) {
        if (s.codePoints().noneMatch(NameCleaner::isRemoved)) return s;
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().filter(cp -> !isRemoved(cp)).forEach(sb::appendCodePoint);
        return trim(sb.toString());
    }

    /** Strips white space of every kind, byte order marks, and joiners (they join nothing there), from both ends. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isEdge(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
        while (end > start && isEdge(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    private static boolean isRemoved(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || (type == Character.FORMAT && cp != ZWNJ && cp != ZWJ);
    }

    /**
     * Java's {@code isWhitespace} leaves out the no-break spaces and {@code isSpaceChar} leaves out tabs and line
     * feeds, so take both; a BOM counts because a file's first line often starts with one.
     */
    private static boolean isEdge(int cp) {
        return cp == BOM || cp == ZWNJ || cp == ZWJ || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }
}
