package io.tandem.perf.ring;

import io.tandem.jvm.JvmFlags;
import io.tandem.perf.ChildJvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RingPeer} process. Like {@link ChildJvm}, plus the one flag Agrona 2 needs on Java 17 and Tandem does
 * not ({@code jdk.internal.misc} exported), given to every peer so that Tandem and Agrona run under the same flags,
 * and a line to its stdin ({@link #send}) for the peers that wait for their turn there.
 */
final class Peer implements AutoCloseable
{
    /** Agrona 2's {@code UnsafeApi} reaches {@code jdk.internal.misc.Unsafe}. */
    static final String AGRONA_FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private final Process process;
    private final BufferedReader stdout;
    private final Writer stdin;

    private Peer(final Process process)
    {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static Peer start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.all());
        command.add(AGRONA_FLAG);
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.log.net.openhft=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RingPeer.class.getName());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new Peer(builder.start());
    }

    /** Blocks until the peer prints {@link ChildJvm#READY}; fails if it exits first. */
    void awaitReady() throws IOException
    {
        awaitLine(ChildJvm.READY);
    }

    /** @return the first line starting with {@code prefix}; other lines are echoed. */
    String awaitLine(final String prefix) throws IOException
    {
        String line;
        while ((line = stdout.readLine()) != null)
        {
            if (line.startsWith(prefix))
            {
                return line;
            }
            System.out.println(line);
        }
        throw new IOException("peer " + process.pid() + " exited before printing '" + prefix + "', exit code " + exitCode());
    }

    /** Writes {@code line} to the peer's stdin, at once. */
    void send(final String line) throws IOException
    {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    @Override
    public void close() throws InterruptedException
    {
        try
        {
            stdin.close(); // a peer still waiting for a line sees the end of its input and exits
        }
        catch (final IOException ignored)
        {
            // it has exited already
        }
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String exitCode()
    {
        try
        {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "(still running)";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
