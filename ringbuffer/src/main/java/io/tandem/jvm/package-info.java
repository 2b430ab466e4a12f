/**
 * The JVM flags Chronicle needs on Java 17+, defined once in the parent pom and read from here by every
 * module, the launcher and each child JVM; a JVM started without them fails with one clear error.
 * {@link io.tandem.jvm.Flags} prints the list for other launchers, as a java argfile or as the manifest
 * attributes of an executable jar.
 */
package io.tandem.jvm;
