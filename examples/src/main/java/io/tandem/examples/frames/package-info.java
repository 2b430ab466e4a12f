/**
 * What the streaming and the remote examples share about their frames: the test pattern drawn into each and checked
 * on the other side ({@link io.tandem.examples.frames.FramePattern}), a consumer process's checked reading and its
 * per-second report ({@link io.tandem.examples.frames.CheckingReader}), and the lines both print ({@link
 * io.tandem.examples.frames.ReportLines}), so that the two examples check, count and print frames the same way.
 */
package io.tandem.examples.frames;
