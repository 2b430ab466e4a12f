package io.tandem.sync;

/** Commands of {@link SyncProcess}. */
public interface SyncCommands
{
    /** Records progress, then sets the event: progress must be visible once the frontend's wait returns. */
    void work(long step, int syncIndex);

    /** Never sets anything. */
    void ignore(int syncIndex);

    /** Sets an index it was given, whatever group it came from. */
    void setIndex(int syncIndex);

    void sleep(long millis);
}
