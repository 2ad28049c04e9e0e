package org.sparkmore.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 list of a model directory, in the text format of GNU {@code sha256sum}: one line per file,
 * {@code <64 lower-case hex digits><two spaces><file name>}, so that {@code sha256sum -c checksums.sha256} run inside
 * the directory checks it without any Java.
 */
final class Checksums {

    /** sha256sum writes two spaces in text mode and " *" in binary mode; accept both. */
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    private Checksums() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The file's text for the given file names and hex digests, in the given order. */
    static byte[] format(Map<String, String> digests) {
        StringBuilder sb = new StringBuilder();
        digests.forEach((name, hex) -> sb.append(hex).append("  ").append(name).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** File name to lower-case hex digest; fails on a line that sha256sum would not write. */
    static Map<String, String> parse(byte[] text, String fileName) {
        Map<String, String> digests = new LinkedHashMap<>();
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty()) continue;
            Matcher m = LINE.matcher(line);
            if (!m.matches())
                throw new ModelFileException(fileName + " line " + (i + 1) + " is not in sha256sum format");
            // Listed twice, the file would pass when either line matched: sha256sum -c fails one of them
            if (digests.put(m.group(2), m.group(1).toLowerCase()) != null)
                throw new ModelFileException(fileName + " line " + (i + 1) + " lists " + m.group(2) + " a second time");
        }
        return digests;
    }

    /** Fails unless the bytes hash to the digest the list holds for that file. */
    static void verify(Map<String, String> digests, String file, byte[] bytes, String where) {
        String expected = digests.get(file);
        if (expected == null)
            throw new ModelFileException(ModelStore.CHECKSUMS + " in " + where + " does not list " + file);
        if (!expected.equals(hex(sha256().digest(bytes))))
            throw new ModelFileException(file + " in " + where + " is changed or corrupt: its SHA-256 does not match "
                    + ModelStore.CHECKSUMS);
    }
}
