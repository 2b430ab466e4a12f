/**
 * Lets a backend JVM skip Chronicle's eager loading of its native bindings (see {@link
 * io.tandem.internal.launch.junit.LazyNativeInit}; the package's name is the trick).
 */
package io.tandem.internal.launch.junit;
