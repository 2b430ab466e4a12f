/**
 * The tutorial's log format, {@code ClassName.process-name - LEVEL - message}, through slf4j: loggers named per
 * process ({@link io.tandem.internal.logging.ProcessLoggers}); the binding that prints them is the
 * {@code tandem-logging} artifact's {@code io.tandem.logging.TutorialLogProvider}, which programs choose (core
 * depends on slf4j-api only).
 *
 * <p>Internal, not API: it may change in any release. May depend on {@code io.tandem.failure}, the ring buffer
 * module and other {@code io.tandem.internal} packages, never on {@code io.tandem} or what stands on it.
 */
package io.tandem.internal.logging;
