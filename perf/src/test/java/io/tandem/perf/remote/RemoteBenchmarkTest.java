package io.tandem.perf.remote;

import io.tandem.perf.Baselines;
import io.tandem.perf.Result;
import io.tandem.perf.rtt.RoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness's extension points: a Tandem call and ring given to {@link RemoteBenchmark} are measured in rounds
 * taking turns with Aeron's (fresh each round, the order turning), under the result names the table of baselines
 * compares to Aeron's, with ratios once filed. Aeron's own workloads stand in for Tandem's here (the harness is under
 * test, not Tandem). And bad input gets a clear error.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
final class RemoteBenchmarkTest
{
    @Test
    void pluggedWorkloadsTakeTurnsWithTheBaselinesAndGetRatios() throws Exception
    {
        final List<String> opened = new ArrayList<>();
        final RemoteCallWorkload call = tag ->
        {
            opened.add("call " + tag);
            return AeronPingPong.open("standin-" + tag);
        };
        final RemoteRingWorkload ring = (size, tag) ->
        {
            opened.add("ring " + size + " " + tag);
            return AeronStream.open(size, "standin-" + tag);
        };
        final List<Result> results = new RemoteBenchmark(new RemoteBenchmark.Plan(2, 500, 1_000, 10_000, 6, 0, 1), call, ring)
            .run(true);

        assertEquals(List.of("call rtt-0", "call rtt-1", "ring 64 64B-0", "ring 64 64B-1", "ring 1048576 1MiB-0",
            "ring 1048576 1MiB-1"), opened, "opened once per round, each size");
        final ByteArrayOutputStream notes = new ByteArrayOutputStream();
        final Map<String, Result> filed = new LinkedHashMap<>();
        for (final Result r : Baselines.file("remote", results, new PrintStream(notes, true, StandardCharsets.UTF_8)))
        {
            filed.put(r.name(), r);
        }
        assertEquals(List.of(RemoteBenchmark.RTT_AERON, RemoteBenchmark.RTT_TANDEM, "remote.64B.aeron", "remote.64B.aeron-bytes",
            "remote.64B.tandem-ring", "remote.64B.tandem-ring-bytes", "remote.1MiB.aeron", "remote.1MiB.aeron-bytes",
            "remote.1MiB.tandem-ring", "remote.1MiB.tandem-ring-bytes"), new ArrayList<>(filed.keySet()));
        assertEquals(2_000, filed.get(RemoteBenchmark.RTT_TANDEM).get("n"), "1000 samples in each of 2 rounds");
        assertEquals(List.of(RemoteBenchmark.RTT_AERON), filed.get(RemoteBenchmark.RTT_TANDEM).baselines());
        assertTrue(filed.get(RemoteBenchmark.RTT_TANDEM).ratios().get(RemoteBenchmark.RTT_AERON).get("p50") > 0);
        for (final String judged : List.of("remote.64B.tandem-ring", "remote.64B.tandem-ring-bytes", "remote.1MiB.tandem-ring",
            "remote.1MiB.tandem-ring-bytes"))
        {
            final String baseline = judged.replace("tandem-ring", "aeron");
            assertEquals(List.of(baseline), filed.get(judged).baselines(), judged);
            assertTrue(filed.get(judged).ratios().get(baseline).get("value") > 0, judged);
            assertEquals(2, filed.get(judged).get("n"), judged + ": one window in each of 2 rounds");
        }
        assertEquals("", notes.toString(StandardCharsets.UTF_8), "every baseline measured");
    }

    @Test
    void aBadPlanIsRefusedNamingWhatIsWrong()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new RemoteBenchmark.Plan(1, 0, 100, 1, 10, 0, 1));
        assertTrue(ex.getMessage().contains("smallWindow 1"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RemoteBenchmark.Plan(0, 0, 100, 10, 10, 0, 1));
    }

    @Test
    void aWindowTooSmallToTimeIsRefused() throws Exception
    {
        try (RemoteStream stream = AeronStream.open(64, "window-check"))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> stream.window(1));
            assertTrue(ex.getMessage().contains("at least 2 messages"), ex.getMessage());
            assertTrue(stream.window(1_000) > 0, "the stream still works after a refused window");
        }
    }
}
