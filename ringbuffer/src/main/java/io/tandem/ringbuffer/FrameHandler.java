package io.tandem.ringbuffer;

/**
 * Receives frames from {@link RingConsumer#poll(FrameHandler, int)}. The frame is valid only during the call;
 * it is released when the call returns (or throws: a frame is never delivered twice).
 *
 * <pre>{@code
 * int n = consumer.poll(frame -> sum += frame.getLong(0), 256);
 * }</pre>
 */
@FunctionalInterface
public interface FrameHandler
{
    /** Handles one frame, in sequence order. */
    void onFrame(Frame frame);
}
