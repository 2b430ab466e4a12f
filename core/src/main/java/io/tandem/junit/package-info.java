/**
 * Testing process classes with JUnit 5: {@link io.tandem.junit.TandemExtension} starts them in a child JVM or in
 * the test's JVM, closes them after the test or the class, reports what a test left behind (processes, runtime
 * files) and makes the failure contract's exceptions readable as assertion messages.
 *
 * <p>{@code junit-jupiter-api} is an optional dependency of Tandem: only this package uses it, and a test class path
 * has it. May depend on {@code io.tandem}, {@code io.tandem.failure} and {@code io.tandem.internal.*}; nothing
 * of Tandem's main code depends on it.
 */
package io.tandem.junit;
