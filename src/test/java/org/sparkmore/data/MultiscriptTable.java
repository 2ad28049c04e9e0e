package org.sparkmore.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small names table of real names in five writing systems, with a language column and a little of every mess
 * the cleaner handles; {@code DataReportTest} and {@code InspectCliTest} check its figures exactly.
 */
public final class MultiscriptTable {

    /** Per language: ru 4 kept, 1 dropped, 1 cleaned; he 3 kept, 1 cleaned; ja 3; el 2; fa 2; 2 rows without one. */
    static final String CSV = "name,lang\n"
            + "Иван,ru\nМария,ru\nОльга, ru\nПёт\u00ADр,ru\n\u00A0,ru\n"    // a soft hyphen;
                                                                            // a no-break space only
            + "Αλέξανδρος,el\nΕλένη,el\n"
            + "דוד,he\nשרה,he\n\u200Fמשה,he\n"                              // a right-to-left mark
            + "ماه\u200Cلقا,fa\nسیمین\u200Cدخت,fa\n"                       // Persian names
                                                                            // with their ZWNJ
            + "さくら,ja\nサクラ,ja\n𠮷野,ja\n"                              // hiragana, katakana,
                                                                            // kanji outside the BMP
            + "Emma,\nAnna,  \n";                                           // no language, a blank one

    private MultiscriptTable() {
    }

    /** Writes the table as {@code names.csv} in the directory. */
    public static Path write(Path dir) throws IOException {
        return Files.writeString(dir.resolve("names.csv"), CSV);
    }
}
