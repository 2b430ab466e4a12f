package io.tandem.memory;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared arrays between a frontend and a real backend (a child JVM unless the test says otherwise). */
@Timeout(90)
@ExtendWith(NoLeftovers.class)
class SharedArrayProcessTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(ProcessOptions.Mode.class)
    void anArrayCreatedInTheConstructorIsTheSameMemoryInTheBackend(final ProcessOptions.Mode mode)
    {
        final Path file;
        try (ArrayProcess p = new ArrayProcess("matrix-" + mode.name().toLowerCase(), "matrix",
            ProcessOptions.builder().mode(mode).build()))
        {
            final SharedArray m = p.matrix();
            file = m.path();
            p.start();
            p.awaitStarted(WAIT);

            // written by the frontend after the backend attached: only shared memory can carry it there
            m.setDouble(99, 99, 42.0);
            p.backend(ArrayCommands.class).inspect();
            final MessageObject seen = p.receive(WAIT);
            assertEquals(ArrayProcess.ROWS * ArrayProcess.COLS - 1 + 42.0, seen.get("sum", Double.class));
            assertEquals(Boolean.FALSE, seen.get("owner"), "the backend is a client");
            assertEquals(file.toString(), seen.get("path"), "the backend mapped the same file");
            assertEquals("DOUBLE", seen.get("type"));

            // the backend writes; the frontend sees it after the reply (the reply orders it)
            p.backend(ArrayCommands.class).setCell(3, 4, -7.5);
            assertEquals(1.0, p.receive(WAIT).get("old", Double.class));
            assertEquals(-7.5, m.getDouble(3, 4));
            assertTrue(m.isOwner());
        }
        assertFalse(Files.exists(file), "the server's close removed the file");
    }

    @Test
    void onDemandTheFrontendCreatesAndTheBackendAttachesByNameTypeAndShape()
    {
        try (ArrayProcess p = new ArrayProcess("on-demand", "unused", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final long[] shape = {200, 200};
            final SharedArray a = SharedArray.create("my-shm-1", ElementType.DOUBLE, shape);
            a.fillDouble(0.5);
            final ArrayCommands backend = p.backend(ArrayCommands.class);
            backend.attachArray("my-shm-1", ElementType.DOUBLE, shape);
            final MessageObject attached = p.receive(WAIT);
            assertEquals(0.5, attached.get("first", Double.class));
            assertEquals(Boolean.FALSE, attached.get("owner"));

            backend.fillArray("my-shm-1", 3.0);
            assertEquals(0.5, p.receive(WAIT).get("first", Double.class));
            assertEquals(3.0, a.getDouble(0));
            assertEquals(3.0, a.getDouble(199, 199));

            // close in order: the client first (only unmaps), then the server (removes the file)
            backend.closeArray("my-shm-1");
            assertEquals(Boolean.TRUE, p.receive(WAIT).get("exists"), "a client's close leaves the file");
            assertTrue(Files.exists(a.path()));
            a.close();
            assertFalse(Files.exists(a.path()));
        }
    }

    @Test
    void theBackendCanBeTheServerAndItsCloseRemovesTheFileWhileTheFrontendKeepsItsMapping()
    {
        try (ArrayProcess p = new ArrayProcess("backend-server", "unused", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final ArrayCommands backend = p.backend(ArrayCommands.class);
            backend.createArray("made-there", ElementType.LONG, new long[] {1000});
            final MessageObject created = p.receive(WAIT);
            assertEquals(Boolean.TRUE, created.get("owner"));

            try (SharedArray a = SharedArray.attach("made-there", ElementType.LONG, 1000))
            {
                assertFalse(a.isOwner());
                assertNotEquals(ProcessHandle.current().pid(), a.creatorPid());
                assertEquals(9990, a.getLong(999));

                backend.closeArray("made-there");
                assertEquals(Boolean.FALSE, p.receive(WAIT).get("exists"), "the server's close removed the file");
                assertEquals(9990, a.getLong(999), "the client still maps the memory");
            }
        }
    }

    /** 3 GiB of longs: byte offsets past 2^31. Strided so that it stays quick on two cores. */
    @Test
    void aThreeGibArrayWrittenByOneProcessIsCheckedByTheOther()
    {
        final long length = (3L << 30) / Long.BYTES;
        // One element every 256 KiB: addresses across the whole range, but few pages touched. On a virtual machine
        // the first touch of a page can cost ~10 us (the host zeroes it), so touching all 786k pages would take
        // seconds for nothing more than this proves.
        final long stride = (256 << 10) / Long.BYTES;
        final long[] probes = {0, (1L << 28) - 1, 1L << 28, (1L << 28) + 1, length - 2, length - 1};
        try (ArrayProcess p = new ArrayProcess("large", "unused", ProcessOptions.defaults());
             SharedArray a = SharedArray.create("large", ElementType.LONG, length))
        {
            assertEquals(3L << 30, a.byteSize());
            p.start();
            final long terms = length / stride;
            long sum = 0;
            for (long k = 0; k < terms; k++)
            {
                a.setLong(k * stride, ArrayProcess.mix(k));
                sum += ArrayProcess.mix(k);
            }
            final long[] expected = new long[probes.length];
            for (int i = 0; i < probes.length; i++)
            {
                if (probes[i] % stride != 0)
                {
                    a.setLong(probes[i], -probes[i]);
                }
                expected[i] = a.getLong(probes[i]);
            }
            p.backend(ArrayCommands.class).checkLarge("large", length, stride, probes);
            final MessageObject checked = p.receive(WAIT);
            assertEquals(length, checked.get("length", Long.class));
            assertEquals(sum, checked.get("sum", Long.class), "the backend summed what the frontend wrote");
            assertArrayEquals(expected, checked.get("probes", long[].class));

            // and back: what the backend wrote, below and above 2 GiB, is here
            for (long k = 0; k < terms; k++)
            {
                if (a.getLong(k * stride + 1) != ~ArrayProcess.mix(k))
                {
                    throw new AssertionError("element " + (k * stride + 1) + " is " + a.getLong(k * stride + 1) +
                        ", the backend wrote " + ~ArrayProcess.mix(k));
                }
            }
        }
    }
}
