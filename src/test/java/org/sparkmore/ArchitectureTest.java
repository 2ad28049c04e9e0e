package org.sparkmore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package layering of the house style, checked on the compiled classes. */
class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.sparkmore");

    @Test
    void modelOptimSampleAndIoImportNothingFromSpark() {
        noClasses().that().resideInAnyPackage("org.sparkmore.model..", "org.sparkmore.optim..",
                        "org.sparkmore.sample..", "org.sparkmore.io..")
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
                        "org.sparkmore.sample..", "org.sparkmore.io..", "org.sparkmore.data..")
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
}
