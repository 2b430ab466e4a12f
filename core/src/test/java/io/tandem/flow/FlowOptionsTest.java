package io.tandem.flow;

import io.tandem.ProcessOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flow-control options: defaults as documented, JVM-wide defaults from properties, bad values refused clearly. */
class FlowOptionsTest
{
    @Test
    void defaultsAreTheDocumentedOnes()
    {
        final ProcessOptions o = ProcessOptions.defaults();
        assertEquals(16L << 20, o.commandBacklog());
        assertEquals(16L << 20, o.replyBacklog());
        assertEquals(Duration.ofSeconds(30), o.sendTimeout());
        assertEquals(4_169_728, o.maxMessageBytes(), "a quarter of 16 MiB less 24 KiB, as the README says");
        assertEquals(24 << 10, o.indexReserveBytes());
    }

    @Test
    void systemPropertiesSetTheDefaultsForAWholeJvm()
    {
        try
        {
            System.setProperty(ProcessOptions.BACKLOG_PROPERTY, "64m");
            System.setProperty(ProcessOptions.SEND_TIMEOUT_PROPERTY, "0");
            final ProcessOptions o = ProcessOptions.defaults();
            assertEquals(64L << 20, o.commandBacklog());
            assertEquals(64L << 20, o.replyBacklog());
            assertEquals(Duration.ZERO, o.sendTimeout(), "fail fast");
            assertEquals(8L << 20, ProcessOptions.builder().commandBacklog(8L << 20).build().commandBacklog(),
                "a builder's own value wins");

            System.setProperty(ProcessOptions.BACKLOG_PROPERTY, "lots");
            final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, ProcessOptions::defaults);
            assertTrue(bad.getMessage().contains("-Dtandem.backlog=lots is not a size in bytes"), bad.getMessage());
            System.setProperty(ProcessOptions.BACKLOG_PROPERTY, "16m");
            System.setProperty(ProcessOptions.SEND_TIMEOUT_PROPERTY, "-5");
            assertThrows(IllegalArgumentException.class, ProcessOptions::defaults);
        }
        finally
        {
            System.clearProperty(ProcessOptions.BACKLOG_PROPERTY);
            System.clearProperty(ProcessOptions.SEND_TIMEOUT_PROPERTY);
        }
    }

    @Test
    void aBacklogSmallerThanTheLargestMessageIsRefusedSayingWhy()
    {
        final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
            () -> ProcessOptions.builder().replyBacklog(1 << 20).build());
        assertTrue(small.getMessage().contains("must hold at least the largest message, 4169728 bytes"), small.getMessage());
        assertEquals(1 << 20, ProcessOptions.builder().queueBlockSize(2 << 20).backlog(1 << 20).build().replyBacklog(),
            "a smaller block size allows a smaller backlog");
        assertThrows(IllegalArgumentException.class, () -> ProcessOptions.builder().sendTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> ProcessOptions.builder().commandBacklog(0));
    }
}
