package io.tandem.perf.chaos;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A ring consumer in a process of its own: reads every ring it is given, checks the end-to-end sequence number
 * each frame carries (BLOCK: each number once, in order; OVERWRITE: increasing, a gap is a lapped read) and
 * reports what it saw on {@link #report()}.
 */
public final class RingReader extends MessageProcess implements RingReaderCommands
{
    private final String[] ringPaths;
    private transient RingBuffer[] rings;
    private transient RingConsumer[] consumers;
    private transient long[] consumed;
    private transient long[] gaps;
    private transient long[] duplicates;
    private transient long[] torn;
    private transient long[] first;
    private transient long[] last;

    public RingReader(final String name, final ProcessOptions options, final Path... ringPaths)
    {
        super(name, options);
        this.ringPaths = new String[ringPaths.length];
        for (int i = 0; i < ringPaths.length; i++)
        {
            this.ringPaths[i] = ringPaths[i].toString();
        }
    }

    @Override
    protected void preRun()
    {
        final int n = ringPaths.length;
        rings = new RingBuffer[n];
        consumers = new RingConsumer[n];
        consumed = new long[n];
        gaps = new long[n];
        duplicates = new long[n];
        torn = new long[n];
        first = new long[n];
        last = new long[n];
        for (int i = 0; i < n; i++)
        {
            rings[i] = RingBuffer.attach(Path.of(ringPaths[i])).attachTimeout(Duration.ofSeconds(10)).build();
            consumers[i] = rings[i].consumer(name());
            wakeOn(consumers[i]);
            first[i] = -1;
            last[i] = -1;
        }
    }

    @Override
    protected int betweenCommands()
    {
        int work = 0;
        for (int i = 0; i < consumers.length; i++)
        {
            for (int k = 0; k < 64; k++)
            {
                final Frame frame = consumers[i].tryReceive();
                if (frame == null)
                {
                    break;
                }
                final long seq = frame.getLong(0);
                if (!consumers[i].release())
                {
                    torn[i]++; // overwritten while read: not a frame (OVERWRITE), never handed out as data
                    continue;
                }
                if (first[i] < 0)
                {
                    first[i] = seq;
                }
                else if (seq <= last[i])
                {
                    duplicates[i]++;
                    continue;
                }
                else if (seq != last[i] + 1)
                {
                    gaps[i] += seq - last[i] - 1;
                }
                last[i] = seq;
                consumed[i]++;
                work++;
            }
        }
        return work;
    }

    @Override
    public long collections()
    {
        return GcCount.inThisJvm();
    }

    @Override
    public String report()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < consumers.length; i++)
        {
            sb.append(sb.length() > 0 ? ";" : "").append(ringPaths[i]).append('=').append(consumed[i]).append(',')
                .append(gaps[i]).append(',').append(duplicates[i]).append(',').append(torn[i]).append(',')
                .append(first[i]).append(',').append(last[i]).append(',').append(consumers[i].dropped());
        }
        return sb.toString();
    }

    @Override
    protected void postRun()
    {
        for (int i = 0; i < consumers.length; i++)
        {
            consumers[i].close();
            rings[i].close();
        }
    }
}
