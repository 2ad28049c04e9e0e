package org.sparkmore.data;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns one raw line of a names table into the name the model trains on, and decides whether to keep it. Pure
 * static functions of their arguments, so Spark UDFs can call them on executors without shipping any state.
 *
 * <p>Cleaning trims white space of any kind from both ends, including no-break spaces, carriage returns and byte
 * order marks (files saved on Windows); removes every format (Cf) and control (Cc) character, such as a byte order
 * mark inside the line, a soft hyphen or a bidi mark, except the zero-width non-joiner and joiner between two
 * characters, which change how Persian, Kurdish and Indic names are written; optionally lower-cases with
 * {@link Locale#ROOT} (so the result does not depend on the machine's locale; caseless scripts are unchanged); and
 * normalizes to Unicode NFC, so that a precomposed "é" and "e" + combining acute are the same symbol. Lengths are
 * counted in code points, the model's symbols.
 */
public final class NameCleaner {

    /** Why a row counts as cleaned: it lost characters beyond the white space at its ends. */
    public static final String REMOVED_FORMAT_OR_CONTROL = "removed format or control characters";
    /** Why a row is dropped when the table has a language column and the row's language is null or blank. */
    public static final String NO_LANGUAGE = "no language";

    private static final char BOM = '\uFEFF';
    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;

    /** A cleaned name, and why it is dropped and why it was cleaned: each reason null when it does not apply. */
    public record Cleaned(String name, String dropReason, String cleanReason) {
    }

    private NameCleaner() {
    }

    /** The cleaned name, possibly empty; null for null. */
    public static String clean(String raw, boolean lowercase) {
        return raw == null ? null : normalize(strip(trim(raw)), lowercase);
    }

    /** The cleaned name with its drop reason and clean reason: all a Spark job needs to know of one row. */
    public static Cleaned inspect(String raw, boolean lowercase, int maxLength) {
        if (raw == null) return new Cleaned(null, dropReason(null, maxLength), null);
        String trimmed = trim(raw);
        String stripped = strip(trimmed);
        String name = normalize(stripped, lowercase);
        // Only ends that are white space are expected in a table (line ends, padding); anything more is reported
        String cleanReason = stripped.equals(trimmed) ? null : REMOVED_FORMAT_OR_CONTROL;
        return new Cleaned(name, dropReason(name, maxLength), cleanReason);
    }

    /**
     * Why a cleaned name is dropped, or null to keep it. The reasons are stable strings, fit for counting.
     *
     * @param maxLength the most code points a kept name may have
     */
    public static String dropReason(String cleaned, int maxLength) {
        if (cleaned == null) return "null";
        if (trim(cleaned).isEmpty()) return "empty or whitespace only";
        // A name is made of letters; a row of digits, marks or symbols alone (a lone U+0301, "123") is no name
        if (cleaned.codePoints().noneMatch(Character::isLetter)) return "no letter";
        if (cleaned.codePointCount(0, cleaned.length()) > maxLength) return "longer than " + maxLength + " symbols";
        return null;
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

    /** Case folding last but one: Unicode does not promise that case mapping keeps a string in NFC. */
    private static String normalize(String s, boolean lowercase) {
        if (lowercase) s = s.toLowerCase(Locale.ROOT);
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
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
