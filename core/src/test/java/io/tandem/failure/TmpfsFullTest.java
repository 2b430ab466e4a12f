package io.tandem.failure;

import io.tandem.test.ChildProgram;
import io.tandem.test.NoLeftovers;
import io.tandem.test.SmallTmpfs;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real small tmpfs, filled by another program ({@code dd}) while a frontend sends commands and makes calls from
 * two threads: sends fail with {@code RuntimeDirectoryException} naming the queue file in the JVM that writes, no
 * JVM crashes, and once the space is freed sending works again and every accepted command ran exactly once, in
 * order; the replies that came back are in order, none twice. A call whose result the backend could not write
 * (its reply queue is on the same full tmpfs; it logs that, naming the file) ends in ReplyTimeoutException at the
 * call's timeout: no result can reach the frontend, and no error either.
 */
@Timeout(180)
@ExtendWith(NoLeftovers.class)
class TmpfsFullTest
{
    private static final Duration STEP = Duration.ofSeconds(90);

    @Test
    void aTmpfsFilledByAnotherProgramMidTrafficRefusesSendsNamingTheFileAndLosesNothing() throws Exception
    {
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(64);
             ChildProgram frontend = ChildProgram.startWithSeparateStreams(TestJvm.command(List.of("-Dtandem.root=" +
                 tmpfs.path().resolve("root"), "-Dtandem.minFreeBytes=" + (8 << 20)), TmpfsFillMain.class)))
        {
            frontend.awaitLine("FLOWING", STEP);
            final Path filler = tmpfs.path().resolve("filler");
            final Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=" + filler, "bs=64k").redirectErrorStream(true).start();
            assertTrue(dd.waitFor(60, TimeUnit.SECONDS), "dd fills the tmpfs");
            assertTrue(new String(dd.getInputStream().readAllBytes()).contains("No space left"), "dd stopped at a full tmpfs");
            frontend.send("FILLED");
            final String[] refused = frontend.awaitLine("REFUSED", STEP).split(" ");
            final String refusal = frontend.awaitLine("REFUSAL", STEP);
            Files.delete(filler);
            frontend.send("FREED");

            assertTrue(Integer.parseInt(refused[0]) > 0, "sends were refused while the tmpfs was full");
            assertTrue(refusal.contains(tmpfs.path().toString()) && refusal.contains("cmd"), "names the queue file: " + refusal);
            assertEquals("null", frontend.awaitLine("UNEXPECTED", STEP), "no other failure in either thread");
            frontend.awaitLine("CALLS_TIMED_OUT", STEP); // results the backend could not write: today, the call times out
            assertTrue(Integer.parseInt(frontend.awaitLine("AFTER_FREED", STEP)) >= 200, "sending works again");
            assertTrue(frontend.awaitLine("COMMANDS", STEP).startsWith("true "), "every accepted command ran once, in order");
            assertTrue(frontend.awaitLine("REPLIES", STEP).startsWith("true "), "replies in order, none twice");
            frontend.awaitLine("DONE", STEP);
            assertEquals(0, frontend.awaitExit(STEP));
            assertFalse(frontend.output().contains("SIGBUS") || frontend.output().contains("InternalError") ||
                frontend.output().contains("hs_err"), frontend.output());
        }
    }
}
