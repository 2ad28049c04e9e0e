package org.sparkmore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the house style, checked on the compiled classes; and one owner for the context layout,
 * checked on the main sources.
 */
class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.sparkmore");

    @Test
    void modelOptimSampleIoAndReportImportNothingFromSpark() {
        noClasses().that().resideInAnyPackage("org.sparkmore.model..", "org.sparkmore.optim..",
                        "org.sparkmore.sample..", "org.sparkmore.io..", "org.sparkmore.report..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..")
                .check(MAIN);
    }

    @Test
    void theDataTypesModelFilesAndTheSamplerUseAreSparkFreeToo() {
        noClasses().that().haveFullyQualifiedName("org.sparkmore.data.Vocabulary")
                .or().haveFullyQualifiedName("org.sparkmore.data.Languages")
                .or().haveFullyQualifiedName("org.sparkmore.data.Scripts")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..")
                .check(MAIN);
    }

    @Test
    void numericsAndModelFilesDoNotDependOnTrainingOrTheCommandLine() {
        noClasses().that().resideInAnyPackage("org.sparkmore.model..", "org.sparkmore.optim..",
                        "org.sparkmore.sample..", "org.sparkmore.io..", "org.sparkmore.data..",
                        "org.sparkmore.report..")
                .should().dependOnClassesThat().resideInAnyPackage("org.sparkmore.train..", "org.sparkmore.ml..",
                        "org.sparkmore.cli..")
                .check(MAIN);
    }

    @Test
    void nothingOutsideCliDependsOnCli() {
        noClasses().that().resideOutsideOfPackage("org.sparkmore.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.sparkmore.cli..")
                .check(MAIN);
    }

    @Test
    void theSparkMlApiAndTheTrainingPipelineDoNotDependOnTheCommandLine() {
        noClasses().that().resideInAnyPackage("org.sparkmore.ml..", "org.sparkmore.train..")
                .should().dependOnClassesThat().resideInAPackage("org.sparkmore.cli..")
                .check(MAIN);
    }

    /** The one class that may say where a context's ids sit. */
    static final Path LAYOUT_OWNER = Path.of("src/main/java/org/sparkmore/model/ContextLayout.java");

    /** The sizes a context position or a language row is computed from: the block and vocabulary sizes. */
    private static final String SIZE = "(?:\\b(?:blockSize|vocabSize)\\b(?:\\(\\))?|\\bvocab\\b|\\bv\\.size\\(\\))";

    /**
     * Adding or subtracting a size, in Java or with Spark's Column.plus/minus, or stepping back from a context's
     * width to its last slot: how context positions ({@code t - blockSize + k}, {@code at + blockSize}) and
     * language rows ({@code vocabSize + language}, {@code id - vocabSize}) are computed.
     */
    static final Pattern LAYOUT_ARITHMETIC = Pattern.compile("(?<![*/]\\s{0,3})" + SIZE + "\\s*[-+](?!=)"
            + "|[-+]\\s*(?:\\w+\\.)*" + SIZE + "(?!\\s*[*/])|\\.(?:plus|minus)\\(\\s*(?:\\w+\\.)*" + SIZE
            + "|\\b\\w*[wW]idth\\b(?:\\(\\))?\\s*-\\s*1\\b");

    /** A comment, or a string or char literal; then string concatenation once the literals are replaced by S. */
    private static final Pattern COMMENT_OR_LITERAL = Pattern.compile(
            "(?s)//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])+'");
    private static final Pattern CONCATENATION = Pattern.compile(
            "\\bS\\s*\\+\\s*[\\w.]+(?:\\(\\))?|[\\w.]+(?:\\(\\))?\\s*\\+\\s*S\\b");

    @Test
    void onlyTheContextLayoutComputesContextPositionsAndLanguageRows() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.equals(LAYOUT_OWNER)).toList()) {
                Matcher m = LAYOUT_ARITHMETIC.matcher(code(Files.readString(f)));
                while (m.find()) found.add(f + ": " + m.group());
            }
        }
        assertTrue(Files.exists(LAYOUT_OWNER), "the owner moved: " + LAYOUT_OWNER);
        assertEquals(List.of(), found, "context positions and language rows belong to " + LAYOUT_OWNER);
    }

    @Test
    void theLayoutRuleSeesTheArithmeticItForbidsAndNotTheTextAroundIt() {
        for (String bad : List.of("int pos = t - bs + k - config.blockSize();", "ctx[at + blockSize] = row;",
                "int row = config.vocabSize() + language;", "int l = id - vocab;", "col(\"lang\").plus(v.size())",
                "contexts[b * width + width - 1]", "x = 2 + vocab * r - vocab;",
                "size(col(\"padded\")).minus(blockSize + 1)"))
            assertTrue(LAYOUT_ARITHMETIC.matcher(code(bad)).find(), bad);
        for (String fine : List.of("throw new E(\"has \" + config.vocabSize() + \" outputs\");",
                "// pos = t - blockSize + k", "/* vocab + l */ int x = 1;", "z[r * vocab + j] = 0;",
                "n = ids.length + 1;", "if (model.blockSize() > symbols) warn();", "String s = \"x - vocab\";"))
            assertFalse(LAYOUT_ARITHMETIC.matcher(code(fine)).find(), fine);
    }

    /** Java source without its comments, with each literal as S and string concatenation folded away. */
    static String code(String source) {
        String code = COMMENT_OR_LITERAL.matcher(source).replaceAll(m -> m.group().startsWith("/") ? " " : "S");
        for (String before = ""; !before.equals(code); ) {
            before = code;
            code = CONCATENATION.matcher(code).replaceAll("S");
        }
        return code;
    }
}
