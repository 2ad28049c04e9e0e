package org.sparkmore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real input files the tests share. */
public final class TestFiles {

    private TestFiles() {
    }

    /**
     * The bad-input table of the acceptance list, every kind of mess in one text file: a BOM, CRLF endings, an empty
     * line, whitespace-only lines, digits, an emoji, letters outside the BMP and a 10,000-character line.
     * Six names survive cleaning; three rows are empty and one is too long.
     */
    public static Path messyNames(Path dir) throws IOException {
        String text = "\uFEFFEmma\r\n" + "\r\n" + "   \r\n" + "\t\n" + "olivia\r\n" + "r2d2\n" + "zo\uD83D\uDE00e\n"
                + "\uD800\uDF30\uD800\uDF31\n" + "x".repeat(10_000) + "\n" + "Ava  \n";
        return Files.writeString(dir.resolve("messy.txt"), text, StandardCharsets.UTF_8);
    }
}
