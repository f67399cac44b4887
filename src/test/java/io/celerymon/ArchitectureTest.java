package io.celerymon;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of DESIGN.md, over the compiled main classes: arrows only point down
 * (cli → output → diagnose → envcheck/events → inspect → protocol → broker, with findings,
 * secrets and files at the bottom), and every package has its place in that order.
 */
class ArchitectureTest {
    private static final String[] BOTTOM = {"io.celerymon.findings..", "io.celerymon.secrets..", "io.celerymon.files.."};
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.celerymon");
    }

    @Test
    void noPackageImportsOneAboveIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("io.celerymon.cli..")
                .layer("output").definedBy("io.celerymon.output..")
                .layer("diagnose").definedBy("io.celerymon.diagnose..")
                .layer("envcheck").definedBy("io.celerymon.envcheck..")
                .layer("events").definedBy("io.celerymon.events..")
                .layer("inspect").definedBy("io.celerymon.inspect..")
                .layer("protocol").definedBy("io.celerymon.protocol..")
                .layer("broker").definedBy("io.celerymon.broker..")
                .layer("bottom").definedBy(BOTTOM)
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("output").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("diagnose").mayOnlyBeAccessedByLayers("cli", "output")
                .whereLayer("envcheck").mayOnlyBeAccessedByLayers("cli", "output", "diagnose")
                .whereLayer("events").mayOnlyBeAccessedByLayers("cli", "output", "diagnose")
                .whereLayer("inspect").mayOnlyBeAccessedByLayers("cli", "output", "diagnose", "envcheck", "events")
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("cli", "output", "diagnose", "envcheck", "events",
                        "inspect")
                .whereLayer("broker").mayOnlyBeAccessedByLayers("cli", "output", "diagnose", "envcheck", "events",
                        "inspect", "protocol")
                .check(main);
    }

    @Test
    void theBottomPackagesDependOnNothingOfOursButThemselves() {
        for (String bottom : BOTTOM) {
            noClasses().that().resideInAPackage(bottom)
                    .should().dependOnClassesThat(resideInAPackage("io.celerymon..").and(not(resideInAPackage(bottom))))
                    .check(main);
        }
    }

    @Test
    void onlyTheGenericWritersLiveAtOutputsRootAndTheyKnowNoFeature() {
        noClasses().that().resideInAPackage("io.celerymon.output")
                .should().dependOnClassesThat().resideInAPackage("io.celerymon.output.*..")
                .check(main);
    }

    @Test
    void featureViewsDoNotReachIntoEachOther() {
        List<String> features = List.of("call", "diagnose", "envcheck", "events");
        for (String from : features) {
            for (String to : features) {
                // diagnose's report embeds env-check's scanned processes: the one permitted crossing.
                if (!from.equals(to) && !(from.equals("diagnose") && to.equals("envcheck"))) {
                    noClasses().that().resideInAPackage("io.celerymon.output." + from + "..")
                            .should().dependOnClassesThat().resideInAPackage("io.celerymon.output." + to + "..")
                            .check(main);
                }
            }
        }
    }

    @Test
    void everyPackageHasItsPlaceInTheOrder() {
        classes().should().resideInAnyPackage("io.celerymon.cli..", "io.celerymon.output..",
                        "io.celerymon.diagnose..", "io.celerymon.envcheck..", "io.celerymon.events..",
                        "io.celerymon.inspect..", "io.celerymon.protocol..", "io.celerymon.broker..",
                        "io.celerymon.findings..", "io.celerymon.secrets..", "io.celerymon.files..")
                .because("a new package must be placed in the layering above (and in README's Layout)")
                .check(main);
    }
}
