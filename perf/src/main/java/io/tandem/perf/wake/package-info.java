/**
 * The default wait mode: round trips at several spacings beside a Java pipe ping-pong, and idle CPU beside a
 * sleeping JVM.
 */
package io.tandem.perf.wake;
