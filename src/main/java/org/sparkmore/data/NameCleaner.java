package org.sparkmore.data;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns one raw line of a names table into the name the model trains on, and decides whether to keep it. Pure
 * static functions of their arguments, so Spark UDFs can call them on executors without shipping any state.
 *
 * <p>Cleaning removes a byte order mark and carriage returns (files saved on Windows), trims white space of any kind
 * including no-break spaces, optionally lower-cases with {@link Locale#ROOT} (so the result does not depend on the
 * machine's locale; caseless scripts are unchanged), and normalizes to Unicode NFC, so that a precomposed "é" and
 * "e" + combining acute are the same symbol. Lengths are counted in code points, the model's symbols.
 */
public final class NameCleaner {

    private static final char BOM = '\uFEFF';

    private NameCleaner() {
    }

    /** The cleaned name, possibly empty; null for null. */
    public static String clean(String raw, boolean lowercase) {
        if (raw == null) return null;
        String s = raw.indexOf('\r') >= 0 ? raw.replace("\r", "") : raw;
        s = trim(s);
        if (lowercase) s = s.toLowerCase(Locale.ROOT);
        // Unicode does not promise that case mapping keeps a string in NFC, so normalize last.
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /**
     * Why a cleaned name is dropped, or null to keep it. The reasons are stable strings, fit for counting.
     *
     * @param maxLength the most code points a kept name may have
     */
    public static String dropReason(String cleaned, int maxLength) {
        if (cleaned == null) return "null";
        if (trim(cleaned).isEmpty()) return "empty or whitespace only";
        if (cleaned.codePointCount(0, cleaned.length()) > maxLength) return "longer than " + maxLength + " symbols";
        return null;
    }

    /** Strips white space of every kind, and byte order marks, from both ends. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
        while (end > start && isBlank(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    /**
     * Java's {@code isWhitespace} leaves out the no-break spaces and {@code isSpaceChar} leaves out tabs and line
     * feeds, so take both; a BOM counts because a file's first line often starts with one.
     */
    private static boolean isBlank(int cp) {
        return cp == BOM || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }
}
