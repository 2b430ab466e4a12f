/**
 * {@code ./tandem example <name>}: the tutorial's programs and the streaming pipeline ({@link
 * io.tandem.examples.ExampleMain} lists them).
 */
package io.tandem.examples;
