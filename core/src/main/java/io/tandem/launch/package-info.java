/**
 * The process launcher: a backend as a child JVM ({@link io.tandem.launch.ChildJvmCommand} builds its command
 * line, {@link io.tandem.launch.BackendMain} is its main, {@link io.tandem.launch.CdsArchive} its class-data
 * sharing archive) or as a thread in this JVM, behind one {@link io.tandem.launch.BackendHandle}.
 */
package io.tandem.launch;
