package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsTextLeftAndNumbersRightCountingCodePoints() {
        List<String> lines = new TextTable().left("language").right("kept").left("scripts")
                .row("ru", "143,698", "Cyrillic 99.7%")
                .row("got", "9", "Gothic 100.0%")
                .row("𐍅", "1", "-")
                .lines();
        assertEquals(List.of(
                "language     kept  scripts",
                "ru        143,698  Cyrillic 99.7%",
                "got             9  Gothic 100.0%",
                "𐍅               1  -"), lines);
    }

    @Test
    void aRowMustFillEveryColumn() {
        assertThrows(IllegalArgumentException.class, () -> new TextTable().left("a").right("b").row("x"));
    }
}
