package io.tandem.process;

/** Commands of {@link WatchingProcess}. */
public interface WatchingCommands
{
    /** Replies "fired" with how late it fired, {@code millis} from now, woken by a timer (wakeAt) if {@code timed}. */
    void fireIn(long millis, boolean timed);
}
