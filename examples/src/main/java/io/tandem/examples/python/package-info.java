/**
 * The streaming-python example: RGB frames between a Java process and a NumPy one through a Tandem ring, both ways,
 * each frame typed and shaped by its shape header, every frame's mean brightness checked on the other side.
 */
package io.tandem.examples.python;
