package io.tandem.remote;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The remote module's architecture, as its package-infos describe it: no cycle between its packages, the ring
 * bridges stand on the ring buffer and Aeron alone (a program may use them without nodes), the internals never
 * reach up into the node's API, and the public types outside {@code io.tandem.remote.internal} are exactly its API.
 * (Core's {@code ArchitectureTest} checks that core knows nothing of this module: core has no Aeron on its class path.)
 */
class RemoteArchitectureTest
{
    /** The public API of tandem-remote; a type made public outside internal must be added here on purpose. */
    private static final Set<String> REMOTE_API = new TreeSet<>(List.of(
        "io.tandem.remote.ClusterSecret",
        "io.tandem.remote.NodeMain",               // the main class of ./tandem node
        "io.tandem.remote.TandemNode",
        "io.tandem.remote.ring.RemoteFrameDescriptor", // the wire layout of a forwarded frame
        "io.tandem.remote.ring.RingReceiver",
        "io.tandem.remote.ring.RingSender"));

    private static final SliceAssignment BY_PACKAGE = new SliceAssignment()
    {
        @Override
        public SliceIdentifier getIdentifierOf(final JavaClass javaClass)
        {
            return javaClass.getPackageName().startsWith("io.tandem.remote") ?
                SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription()
        {
            return "tandem-remote's packages";
        }
    };

    private static JavaClasses remote;

    @BeforeAll
    static void importClasses()
    {
        remote = new ClassFileImporter().importPath(Paths.get("target", "classes"));
        assertTrue(remote.size() > 20, "remote's classes imported: " + remote.size());
    }

    @Test
    void noCycleBetweenPackages()
    {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(remote);
    }

    @Test
    void theRingBridgesStandOnTheRingBufferAndAeronAlone()
    {
        noClasses().that().resideInAPackage("io.tandem.remote.ring..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem.remote", "io.tandem.remote.internal..",
                "io.tandem", "io.tandem.internal..")
            .check(remote);
    }

    @Test
    void theInternalsNeverReachUpIntoTheNodeApi()
    {
        noClasses().that().resideInAPackage("io.tandem.remote.internal..")
            .should().dependOnClassesThat().resideInAPackage("io.tandem.remote")
            .check(remote);
    }

    @Test
    void thePublicTypesOutsideInternalAreTheDocumentedApi()
    {
        final Set<String> publicTypes = remote.stream()
            .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC) && c.isTopLevelClass())
            .map(JavaClass::getName)
            .filter(name -> !name.startsWith("io.tandem.remote.internal."))
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(REMOTE_API, publicTypes, "a public type outside io.tandem.remote.internal is API: make it " +
            "package-private, move it to io.tandem.remote.internal, or add it to REMOTE_API with its Javadoc");
    }
}
