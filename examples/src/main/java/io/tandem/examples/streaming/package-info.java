/**
 * The streaming example (the README's main job): a producer process writes frames into a ring, a fast and a slow
 * consumer process read them, every frame checked, frame ages printed.
 */
package io.tandem.examples.streaming;
