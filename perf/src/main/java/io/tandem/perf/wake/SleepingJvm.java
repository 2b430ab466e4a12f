package io.tandem.perf.wake;

import io.tandem.perf.ChildJvm;

/** A JVM that only sleeps: the floor of an idle process's CPU. */
public final class SleepingJvm
{
    private SleepingJvm()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        System.out.println(ChildJvm.READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
