package io.tandem.examples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples are what users copy: they import Tandem's API only, never its internals or its command-line tool. */
class ExamplesUseTheApiTest
{
    @Test
    void theExamplesImportOnlyApiTypes()
    {
        // surefire runs in the module's directory
        final JavaClasses examples = new ClassFileImporter().importPath(Paths.get("target", "classes"));
        assertTrue(examples.size() > 10, "the examples' classes imported: " + examples.size());
        noClasses().that().resideInAPackage("io.tandem.examples..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem.internal..", "io.tandem.cli..")
            .check(examples);
    }
}
