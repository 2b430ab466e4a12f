/**
 * The process launcher: a backend as a child JVM ({@link io.tandem.internal.launch.ChildJvmCommand} builds its command
 * line, {@link io.tandem.BackendMain} is its main, {@link io.tandem.internal.launch.CdsArchive} its class-data
 * sharing archive) or as a thread in this JVM, behind one {@link io.tandem.internal.launch.BackendHandle}.
 */
package io.tandem.internal.launch;
