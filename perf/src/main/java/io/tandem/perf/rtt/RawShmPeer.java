package io.tandem.perf.rtt;

import io.tandem.perf.ChildJvm;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * The floor: two processes ping-ponging a counter through one mapped file, nothing else. The ping lives
 * at {@link #PING_OFFSET}, the pong a cache line pair away at {@link #PONG_OFFSET}. The peer echoes each
 * ping into the pong; {@code -1} ends it. Run as the peer process by {@link RttBenchmark}.
 */
public final class RawShmPeer
{
    static final int PING_OFFSET = 0;
    static final int PONG_OFFSET = 128;
    static final int FILE_SIZE = 256;
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private RawShmPeer()
    {
    }

    static MappedByteBuffer map(final Path file) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, FILE_SIZE);
        }
    }

    public static void main(final String[] args) throws IOException
    {
        final MappedByteBuffer buffer = map(Paths.get(args[0]));
        System.out.println(ChildJvm.READY);
        System.out.flush();
        long last = 0;
        while (true)
        {
            final long ping = (long)LONGS.getAcquire(buffer, PING_OFFSET); // acquire: pairs with the pinger's release
            if (ping != last)
            {
                if (ping == -1)
                {
                    return;
                }
                LONGS.setRelease(buffer, PONG_OFFSET, ping); // release: the pinger acquires it
                last = ping;
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }
}
