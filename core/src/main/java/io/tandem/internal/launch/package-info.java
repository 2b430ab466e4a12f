/**
 * The process launcher: a backend as a child JVM ({@link io.tandem.internal.launch.ChildJvmCommand} builds its command
 * line, the main class is named by the {@link io.tandem.internal.launch.BackendSpec}, {@link io.tandem.internal.launch.CdsArchive} its class-data
 * sharing archive) or as a thread in this JVM, behind one {@link io.tandem.internal.launch.BackendHandle}. The
 * backend it runs is a {@link io.tandem.internal.launch.BackendTask}: the runtime itself stands above, in io.tandem.
 * {@link io.tandem.internal.launch.SparePool} keeps spare backend JVMs booted ahead and hands one to a start whose
 * {@link io.tandem.internal.launch.SpareFit} (the JVM it would get) is the spare's.
 *
 * <p>Internal, not API: it may change in any release. May depend on {@code io.tandem.failure}, the ring buffer
 * module and other {@code io.tandem.internal} packages, never on {@code io.tandem} or what stands on it.
 */
package io.tandem.internal.launch;
