package io.tandem.failure;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A frontend JVM for {@link TmpfsFullTest}, its root on a small tmpfs: a thread sends numbered {@code record}
 * commands and another makes calls, all the time. It prints {@code FLOWING}, and waits for {@code FILLED} on its
 * input (another program has filled the tmpfs meanwhile); keeps sending until sends have been refused a while,
 * prints {@code REFUSED <n>} and {@code REFUSAL <message>}, and waits for {@code FREED}; then sends more, stops,
 * and prints whether every accepted command ran once, in order ({@code COMMANDS ...}), and what came back
 * ({@code REPLIES ...}), then {@code DONE}. A call whose result the backend could not write (its reply queue
 * is on the full tmpfs too) ends at its 5 s timeout: counted, not a failure. A {@code record} whose reply found no
 * room may be answered by an error reply instead (its smaller message found a page a moment later): it must
 * name the full tmpfs. A JVM that crashed (a SIGBUS) prints no {@code DONE}.
 */
public final class TmpfsFillMain
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TmpfsFillMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (FaultyProcess p = new FaultyProcess("filled", ProcessOptions.builder().sendTimeout(Duration.ofSeconds(2)).build()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class, WAIT);
            final FaultyCommands calls = p.backend(FaultyCommands.class, Duration.ofSeconds(5));
            final List<Long> accepted = Collections.synchronizedList(new ArrayList<>());
            final AtomicInteger refused = new AtomicInteger();
            final AtomicInteger callsRefused = new AtomicInteger();
            final AtomicInteger callsTimedOut = new AtomicInteger();
            final AtomicReference<String> refusal = new AtomicReference<>();
            final AtomicReference<Throwable> unexpected = new AtomicReference<>();
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread sender = new Thread(() ->
            {
                long seq = 0;
                while (running.get())
                {
                    try
                    {
                        commands.record(seq);
                        accepted.add(seq);
                    }
                    catch (final io.tandem.failure.RuntimeDirectoryException ex)
                    {
                        refused.incrementAndGet();
                        refusal.compareAndSet(null, ex.getMessage());
                    }
                    catch (final Throwable t)
                    {
                        unexpected.compareAndSet(null, t);
                        return;
                    }
                    seq++;
                    pause();
                }
            }, "sender");
            final Thread caller = new Thread(() ->
            {
                long x = 1_000_000;
                while (running.get())
                {
                    try
                    {
                        if (calls.next(x) != x)
                        {
                            unexpected.compareAndSet(null, new AssertionError("wrong answer to " + x));
                            return;
                        }
                    }
                    catch (final io.tandem.failure.RuntimeDirectoryException | CommandFailedException ex)
                    {
                        callsRefused.incrementAndGet(); // refused in this JVM, or the backend's answer was
                    }
                    catch (final ReplyTimeoutException ex)
                    {
                        // the backend ran it but could write neither its result nor the error (the tmpfs is full
                        // for its reply queue too, and it logs that): the call ends at its timeout
                        if (!ex.getMessage().contains("'filled'"))
                        {
                            unexpected.compareAndSet(null, ex);
                            return;
                        }
                        callsTimedOut.incrementAndGet();
                    }
                    catch (final Throwable t)
                    {
                        unexpected.compareAndSet(null, t);
                        return;
                    }
                    x++;
                    pause();
                }
            }, "caller");
            sender.start();
            caller.start();
            while (accepted.size() < 200)
            {
                Thread.sleep(5);
            }
            System.out.println("FLOWING");
            expect(in, "FILLED");
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (refused.get() < 20 && System.nanoTime() - deadline < 0 && unexpected.get() == null)
            {
                Thread.sleep(5);
            }
            System.out.println("REFUSED " + refused.get() + " " + callsRefused.get());
            System.out.println("REFUSAL " + refusal.get());
            expect(in, "FREED");
            final int before = accepted.size();
            while (accepted.size() < before + 200 && System.nanoTime() - deadline < 0 && unexpected.get() == null)
            {
                Thread.sleep(5);
            }
            running.set(false);
            sender.join(WAIT.toMillis());
            caller.join(WAIT.toMillis());
            System.out.println("UNEXPECTED " + unexpected.get());
            System.out.println("CALLS_TIMED_OUT " + callsTimedOut.get());
            System.out.println("AFTER_FREED " + (accepted.size() - before));
            final long[] sent = accepted.stream().mapToLong(Long::longValue).toArray();
            final long[] ran = commands.recorded();
            System.out.println("COMMANDS " + Arrays.equals(sent, ran) + " " + ran.length + " of " + sent.length);
            long last = -1;
            int replies = 0;
            boolean ordered = true;
            int fullErrors = 0;
            while (true)
            {
                final MessageObject m;
                try
                {
                    m = p.tryReceive();
                }
                catch (final CommandFailedException ex)
                {
                    // a record whose reply found the tmpfs full, answered by its error reply once a page was free:
                    // the command ran (COMMANDS counts it), its caller learns why its reply is missing
                    ordered &= "record".equals(ex.command()) && ex.remoteMessage().contains("No space left on device");
                    fullErrors++;
                    continue;
                }
                if (m == null)
                {
                    break;
                }
                final long seq = m.get("seq", Long.class);
                ordered &= seq > last && Arrays.binarySearch(sent, seq) >= 0;
                last = seq;
                replies++;
            }
            System.out.println("REPLIES " + ordered + " " + replies + " (" + fullErrors + " error replies naming the full tmpfs)");
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(0, 200_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void expect(final BufferedReader in, final String word) throws java.io.IOException
    {
        final String line = in.readLine();
        if (!word.equals(line))
        {
            throw new IllegalStateException("expected " + word + ", got " + line);
        }
    }
}
