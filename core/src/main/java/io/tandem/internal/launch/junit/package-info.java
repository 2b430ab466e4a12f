/**
 * Lets a backend JVM skip Chronicle's eager loading of its native bindings (see {@link
 * io.tandem.internal.launch.junit.LazyNativeInit}; the package's name is the trick).
 *
 * <p>Internal, not API: it may change in any release. May depend on {@code io.tandem.failure}, the ring buffer
 * module and other {@code io.tandem.internal} packages, never on {@code io.tandem} or what stands on it.
 */
package io.tandem.internal.launch.junit;
