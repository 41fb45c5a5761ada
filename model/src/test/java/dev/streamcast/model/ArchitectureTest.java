package dev.streamcast.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules that keep {@code model/} a plain math library (docs/architecture.md): it runs inside Flink operators,
 * in the offline trainer and in tools, so it must not pull any of them in, and inference must load without ND4J.
 */
@AnalyzeClasses(packages = "dev.streamcast.model", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelImportsNoFlinkKafkaOrJackson = noClasses()
            .that()
            .resideInAPackage("dev.streamcast.model..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.flink..", "org.apache.kafka..", "com.fasterxml.jackson..")
            .because(
                    "the model is the math: the Flink job, the trainer and tools all use it, and it uses none of them");

    @ArchTest
    static final ArchRule onlyTrainImportsNd4j = noClasses()
            .that()
            .resideInAPackage("dev.streamcast.model..")
            .and()
            .resideOutsideOfPackage("dev.streamcast.model.train..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "org.bytedeco..")
            .because("inference runs in the job jar, which has no ND4J (it is an optional dependency of the model)");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.streamcast.(**)")
            .should()
            .beFreeOfCycles()
            .because("each package of the model builds on the ones below it");
}
