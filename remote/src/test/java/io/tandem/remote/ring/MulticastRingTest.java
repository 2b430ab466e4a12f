package io.tandem.remote.ring;

import io.tandem.test.ChildProgram;
import io.tandem.test.ShmDir;
import io.tandem.test.TestJvm;
import io.tandem.test.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ring published by multicast to two receivers, in a network namespace the test makes (its loopback up, multicast
 * on, 224.0.0.0/4 routed to it): three JVMs, each with its own media driver, standing for three hosts. Needs root and
 * {@code ip}; skipped (not passed) without them.
 */
@Timeout(180)
class MulticastRingTest
{
    /** Slack over a timeout for its effect to be seen, on a loaded 2-core machine. */
    private static final long MARGIN_MS = 3000;
    private static final String CHANNEL = "aeron:udp?endpoint=224.0.1.1:40456|interface=127.0.0.1";

    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-ring-multicast-");
    private String namespace;

    @BeforeEach
    void setUp() throws IOException
    {
        Assumptions.assumeTrue(isRootWithIp(), "needs root and the ip tool to make a network namespace");
        namespace = "tandem-ring-" + ProcessHandle.current().pid();
        ip("netns", "add", namespace);
        ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        ip("netns", "exec", namespace, "ip", "link", "set", "lo", "multicast", "on");
        ip("netns", "exec", namespace, "ip", "route", "add", "224.0.0.0/4", "dev", "lo");
    }

    @AfterEach
    void tearDown() throws IOException
    {
        if (namespace != null)
        {
            ip("netns", "del", namespace);
            assertFalse(Files.exists(Path.of("/var/run/netns", namespace)), "namespace " + namespace + " left behind");
        }
    }

    /** BLOCK over multicast: every receiver gets every frame; the slowest (Aeron's min flow control) gates the producer. */
    @Test
    void blockOverMulticastIsLosslessToEveryReceiverAndTheSlowestGatesTheProducer() throws IOException
    {
        final int frames = 200;
        final int slotSize = 256 * 1024;
        Files.createDirectories(shm.path().resolve("fast"));
        Files.createDirectories(shm.path().resolve("slow"));
        Files.createDirectories(shm.path().resolve("source"));
        try (ChildProgram fast = inNamespace(RemoteRingChild.class, shm.path().resolve("fast").toString(), "BLOCK", "4",
                 Integer.toString(slotSize), "0", "0", "consume", CHANNEL);
             ChildProgram slow = inNamespace(RemoteRingChild.class, shm.path().resolve("slow").toString(), "BLOCK", "4",
                 Integer.toString(slotSize), "20", "30", "consume", CHANNEL);
             ChildProgram source = inNamespace(RemoteRingSenderChild.class, shm.path().resolve("source").toString(), "8",
                 Integer.toString(slotSize), Integer.toString(frames), CHANNEL))
        {
            fast.awaitLine("PORT", Duration.ofSeconds(60));
            slow.awaitLine("PORT", Duration.ofSeconds(60));
            final String channel = source.awaitLine("READY", Duration.ofSeconds(60));
            assertTrue(channel.contains("fc=min"), "a multicast BLOCK sender moves at the slowest receiver: " + channel);
            fast.awaitLine("JOINED", Duration.ofSeconds(30));
            slow.awaitLine("JOINED", Duration.ofSeconds(30));
            source.send("GO");
            final Map<String, Long> sent = parse(source.awaitLine("RESULT", Duration.ofSeconds(120)));
            assertEquals(frames, sent.get("sent"), sent.toString());
            assertEquals(0, sent.get("dropped"), sent.toString());
            assertTrue(sent.get("blocked") > 0, "the slow receiver gated the source producer: " + sent);
            for (final ChildProgram receiver : List.of(fast, slow))
            {
                receiver.send("END " + frames);
                final Map<String, Long> r = parse(receiver.awaitLine("RESULT", Duration.ofSeconds(90)));
                assertEquals(frames, r.get("consumed"), "every frame once: " + r);
                assertEquals(frames - 1, r.get("last"), r.toString());
                assertEquals(0, r.get("bad") + r.get("outOfOrder") + r.get("skipped") + r.get("missing") + r.get("dropped"),
                    "intact, in order, nothing missing: " + r);
                if (receiver == slow)
                {
                    assertTrue(r.get("stalls") > 0, "the slow receiver's mirror filled: " + r);
                }
            }
            for (final ChildProgram child : List.of(fast, slow, source))
            {
                assertEquals(0, child.awaitExit(Duration.ofSeconds(30)));
            }
        }
    }

    /**
     * A receiver of the group that is killed while it holds the group back (its mirror full, never read): Aeron's min
     * flow control drops it after its receiver timeout, the producer proceeds, the live receiver gets every frame and
     * the sender is not evicted (its publication stays connected to the group).
     */
    @Test
    void aKilledReceiverLeavesTheGroupAndTheOthersGoOn() throws IOException
    {
        final int frames = 100;
        final int slotSize = 64 * 1024;
        final long receiverTimeoutMs = 1000;
        final String channel = CHANNEL + "|fc=min,t:" + receiverTimeoutMs + "ms";
        Files.createDirectories(shm.path().resolve("live"));
        Files.createDirectories(shm.path().resolve("doomed"));
        Files.createDirectories(shm.path().resolve("source"));
        try (ChildProgram live = inNamespace(RemoteRingChild.class, shm.path().resolve("live").toString(), "BLOCK", "4",
                 Integer.toString(slotSize), "0", "0", "consume", channel);
             ChildProgram doomed = inNamespace(RemoteRingChild.class, shm.path().resolve("doomed").toString(), "BLOCK", "2",
                 Integer.toString(slotSize), "0", "0", "hold", channel);
             ChildProgram source = inNamespace(RemoteRingSenderChild.class, shm.path().resolve("source").toString(), "4",
                 Integer.toString(slotSize), Integer.toString(frames), channel))
        {
            live.awaitLine("PORT", Duration.ofSeconds(60));
            doomed.awaitLine("PORT", Duration.ofSeconds(60));
            source.awaitLine("READY", Duration.ofSeconds(60));
            live.awaitLine("JOINED", Duration.ofSeconds(30));
            doomed.awaitLine("JOINED", Duration.ofSeconds(30));
            source.send("GO");
            TestJvm.sleep(2 * receiverTimeoutMs); // the holding receiver is alive: it keeps the group, and the producer, back
            assertFalse(source.output().contains("RESULT"), "held back by a live receiver:\n" + source.output());

            doomed.process().destroyForcibly(); // SIGKILL
            final long killed = System.nanoTime();
            final Map<String, Long> sent = parse(source.awaitLine("RESULT", Duration.ofSeconds(60)));
            final long wentOnMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("the group went on " + wentOnMs + " ms after kill -9");
            assertTrue(wentOnMs < receiverTimeoutMs + MARGIN_MS, "within the receiver timeout + " + MARGIN_MS + " ms: " + wentOnMs);
            assertEquals(frames, sent.get("sent"), sent.toString());
            assertEquals(0, sent.get("evictions"), "the group still has a receiver: " + sent);
            live.send("END " + frames);
            final Map<String, Long> r = parse(live.awaitLine("RESULT", Duration.ofSeconds(60)));
            assertEquals(frames, r.get("consumed"), "the live receiver got every frame: " + r);
            assertEquals(0, r.get("bad") + r.get("outOfOrder") + r.get("skipped") + r.get("missing"), r.toString());
            assertEquals(0, live.awaitExit(Duration.ofSeconds(30)));
            assertEquals(0, source.awaitExit(Duration.ofSeconds(30)));
        }
    }

    private ChildProgram inNamespace(final Class<?> main, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(TestJvm.command(List.of("-Xmx256m"), main, args));
        return ChildProgram.startWithSeparateStreams(command);
    }

    private static boolean isRootWithIp()
    {
        try
        {
            final Tool.Result id = Tool.run(Duration.ofSeconds(10), List.of("id", "-u"));
            return id.out().trim().equals("0") && Files.isExecutable(Path.of("/usr/sbin/ip")) ||
                id.out().trim().equals("0") && Files.isExecutable(Path.of("/sbin/ip"));
        }
        catch (final AssertionError ex)
        {
            return false;
        }
    }

    private static void ip(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        final Tool.Result result = Tool.run(Duration.ofSeconds(20), command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ": " + result.out() + result.err());
    }

    private static Map<String, Long> parse(final String line)
    {
        final Map<String, Long> values = new HashMap<>();
        for (final String pair : line.split(" "))
        {
            final int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        }
        return values;
    }
}
