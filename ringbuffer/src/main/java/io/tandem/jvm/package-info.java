/**
 * The JVM flags Chronicle needs on Java 17+, chosen per running JDK (JDK 23+ takes one more), defined once in the
 * parent pom and read from here by every module, the launcher and each child JVM; a JVM started without the
 * module flags fails with one clear error, and one started with the whole list prints no warning on 17, 21 or 25.
 * {@link io.tandem.jvm.Flags} prints the list for other launchers, as a java argfile or as the manifest
 * attributes of an executable jar.
 */
package io.tandem.jvm;
