/**
 * The valkka-multiprocess tutorial in Java: one class per program, printing what the tutorial shows.
 */
package io.tandem.examples.tutorial;
