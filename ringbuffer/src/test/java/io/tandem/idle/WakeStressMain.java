package io.tandem.idle;

import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A sender process of {@link WakeStress}: {@code WakeStressMain <file> <threads> <seed> <target>} maps the file,
 * prints READY, runs its senders until the waiter says stop, and prints their {@code RESULT} line.
 */
public final class WakeStressMain
{
    private WakeStressMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int threads = Integer.parseInt(args[1]);
        final long seed = Long.parseLong(args[2]);
        final long target = Long.parseLong(args[3]);
        try (RandomAccessFile file = new RandomAccessFile(args[0], "rw"))
        {
            final MappedByteBuffer mapping = file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, WakeStress.LENGTH);
            final long memory = net.openhft.chronicle.core.Jvm.address(mapping);
            System.out.println("READY");
            System.out.flush();
            final WakeStress.Result total = new WakeStress.Result();
            final Thread[] senders = new Thread[threads];
            for (int i = 0; i < threads; i++)
            {
                final long s = seed * 31 + i;
                senders[i] = new Thread(() -> total.add(WakeStress.send(memory, s, target)));
                senders[i].start();
            }
            for (final Thread t : senders)
            {
                t.join();
            }
            System.out.println(total.line());
            System.out.flush();
            java.lang.ref.Reference.reachabilityFence(mapping);
        }
    }
}
