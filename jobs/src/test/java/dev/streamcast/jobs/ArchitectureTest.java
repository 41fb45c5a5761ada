package dev.streamcast.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.streamcast.model.eval.Scorer;
import dev.streamcast.model.prep.SeriesScaler;

/**
 * The rules that keep the jobs' layers apart (docs/architecture.md). Both modules' main classes are imported, so
 * that dependencies into the model resolve to real classes.
 */
@AnalyzeClasses(packages = "dev.streamcast", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule forecastPathHasNoTraining = noClasses()
            .that()
            .resideInAnyPackage("dev.streamcast.jobs.forecast..", "dev.streamcast.jobs.common..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.streamcast.model.train..", "org.nd4j..", "org.deeplearning4j..", "org.bytedeco..")
            .because("the forecast job runs on the cluster from the slim jar, which has no ND4J and no trainer");

    @ArchTest
    static final ArchRule onlyModelTrainImportsNd4j = noClasses()
            .that()
            .resideOutsideOfPackage("dev.streamcast.model.train..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "org.bytedeco..")
            .because("ND4J is the trainer's business: everything else goes through dev.streamcast.model.train");

    @ArchTest
    static final ArchRule backtestForecastsThroughTheForecastFunction = noClasses()
            .that()
            .resideInAPackage("dev.streamcast.jobs.backtest..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.streamcast.model.step..")
            .orShould()
            .dependOnClassesThat()
            .belongToAnyOf(SeriesScaler.class, Scorer.class)
            .because("the backtest scores what the forecast job would have said: it replays rows through"
                    + " ForecastFunction and never steps a model or scales a series itself");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.streamcast.(**)")
            .should()
            .beFreeOfCycles()
            .because("each package builds on the ones below it; a cycle makes them one package in two places");
}
