/**
 * The tutorial's log format, {@code ClassName.process-name - LEVEL - message}, through slf4j: loggers named per
 * process ({@link io.tandem.internal.logging.ProcessLoggers}) and the provider that prints them.
 */
package io.tandem.internal.logging;
