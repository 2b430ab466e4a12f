package io.tandem;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The architecture the package-infos describe, checked on the compiled classes of core and the ring buffer: no
 * cycle between packages, the internal layers never reach up into the API, the public types outside
 * {@code io.tandem.internal} are exactly the documented API, and no main source file passes 1000 lines.
 */
class ArchitectureTest
{
    /** Each class is its package's slice: a cycle between any two packages fails. */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment()
    {
        @Override
        public SliceIdentifier getIdentifierOf(final JavaClass javaClass)
        {
            return javaClass.getPackageName().startsWith("io.tandem") ?
                SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription()
        {
            return "Tandem's packages";
        }
    };

    /**
     * The public API of core. A type made public (or moved out of {@code io.tandem.internal}) must be added
     * here on purpose, with its Javadoc; the ones public for a technical reason say why.
     */
    private static final Set<String> CORE_API = new TreeSet<>(List.of(
        "io.tandem.AsyncMessageProcess",
        "io.tandem.BackendBinding",            // handed to ProcessResource.bind by the memory and sync packages
        "io.tandem.ErrorHandler",
        "io.tandem.InlineDispatch",            // called by the command readers Chronicle generates in their own package
        "io.tandem.MessageHandler",
        "io.tandem.MessageObject",
        "io.tandem.MessageProcess",
        "io.tandem.Poller",
        "io.tandem.ProcessExit",
        "io.tandem.ProcessOptions",
        "io.tandem.ProcessResource",
        "io.tandem.cli.TandemCli",             // the main class of ./tandem ps | top | clean | dump
        "io.tandem.failure.BackendDiedException",
        "io.tandem.failure.BacklogFullException",
        "io.tandem.failure.CommandFailedException",
        "io.tandem.failure.Direction",
        "io.tandem.failure.ExitCodes",
        "io.tandem.failure.FrontendGoneException",
        "io.tandem.failure.MessageTooLargeException",
        "io.tandem.failure.RemoteException",
        "io.tandem.failure.ReplyTimeoutException",
        "io.tandem.failure.RuntimeDirectoryException",
        "io.tandem.failure.TandemException",
        "io.tandem.junit.TandemExtension",        // for users' JUnit 5 tests of their process classes
        "io.tandem.manager.MainContext",
        "io.tandem.manager.RestartPolicy",
        "io.tandem.memory.ArrayCopies",
        "io.tandem.memory.ElementType",
        "io.tandem.memory.SharedArray",
        "io.tandem.memory.SharedArrayBuilder",
        "io.tandem.memory.SharedArrayDescriptor", // the binary layout other languages read
        "io.tandem.memory.SharedArrayMismatchException",
        "io.tandem.memory.SharedRing",
        "io.tandem.sync.EventGroup",
        "io.tandem.sync.EventGroupDescriptor",    // the binary layout other languages read
        "io.tandem.sync.SyncIndex"));

    private static final int MAX_SOURCE_LINES = 1000;

    private static JavaClasses core;
    private static JavaClasses coreAndRing;

    @BeforeAll
    static void importClasses()
    {
        // surefire runs in the module's directory; the reactor has built the ring buffer module beside it
        final Path ringClasses = Paths.get("..", "ringbuffer", "target", "classes");
        assertTrue(Files.isDirectory(ringClasses), "the ring buffer's classes are built: " + ringClasses.toAbsolutePath());
        core = new ClassFileImporter().importPath(Paths.get("target", "classes"));
        coreAndRing = new ClassFileImporter().importPaths(Paths.get("target", "classes"), ringClasses);
        assertTrue(core.size() > 100, "core's classes imported: " + core.size());
    }

    @Test
    void noCycleBetweenPackages()
    {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(coreAndRing);
    }

    @Test
    void theInternalLayersNeverDependOnTheApiAboveThem()
    {
        noClasses().that().resideInAPackage("io.tandem.internal..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem", "io.tandem.manager..", "io.tandem.memory..",
                "io.tandem.sync..", "io.tandem.cli..")
            .check(coreAndRing);
    }

    @Test
    void theFailureTypesDependOnNothingOfTandemButThemselves()
    {
        noClasses().that().resideInAPackage("io.tandem.failure..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem", "io.tandem.internal..", "io.tandem.manager..",
                "io.tandem.memory..", "io.tandem.sync..", "io.tandem.cli..")
            .check(core);
    }

    @Test
    void nothingButTheJUnitExtensionNeedsJUnit()
    {
        // JUnit is an optional dependency: a program that embeds Tandem must never load a class of it
        noClasses().that().resideOutsideOfPackage("io.tandem.junit..")
            .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "io.tandem.junit..")
            .check(coreAndRing);
    }

    @Test
    void theManagerStandsOnThePublicApiAlone()
    {
        noClasses().that().resideInAPackage("io.tandem.manager..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem.internal..")
            .check(core);
    }

    @Test
    void thePublicTypesOutsideInternalAreTheDocumentedApi()
    {
        final Set<String> publicTypes = core.stream()
            .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC) && c.isTopLevelClass())
            .map(JavaClass::getName)
            .filter(name -> name.startsWith("io.tandem.") && !name.startsWith("io.tandem.internal."))
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(CORE_API, publicTypes, "a public type outside io.tandem.internal is API: make it package-private, " +
            "move it to io.tandem.internal, or add it to CORE_API with its Javadoc");
    }

    @Test
    void theOnlyClassOutsideTandemsPackagesIsChronicleMapsPregeneratedState()
    {
        // Chronicle Values loads it by this name before it would compile it with javac (see RegistryNativeStateTest)
        final Set<String> foreign = core.stream()
            .map(JavaClass::getName)
            .filter(name -> !name.startsWith("io.tandem."))
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native"), foreign,
            "core's classes live in io.tandem packages");
    }

    @Test
    void noMainSourceFileIsLongerThanAThousandLines() throws IOException
    {
        final List<String> tooLong;
        try (Stream<Path> sources = Stream.of("core", "ringbuffer", "remote", "examples", "perf")
            .map(module -> Paths.get("..", module, "src", "main", "java"))
            .filter(Files::isDirectory)
            .flatMap(ArchitectureTest::javaFiles))
        {
            tooLong = sources.filter(f -> lines(f) > MAX_SOURCE_LINES).map(f -> f + ": " + lines(f)).collect(Collectors.toList());
        }
        assertEquals(List.of(), tooLong, "main source files over " + MAX_SOURCE_LINES + " lines");
    }

    private static Stream<Path> javaFiles(final Path root)
    {
        try
        {
            return Files.walk(root).filter(f -> f.toString().endsWith(".java"));
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static long lines(final Path file)
    {
        try (Stream<String> lines = Files.lines(file))
        {
            return lines.count();
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
