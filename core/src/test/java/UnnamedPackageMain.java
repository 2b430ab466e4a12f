import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.time.Duration;

/**
 * A quick test program in the unnamed package: a process class, its commands and replies all there. Sends
 * enough commands, and receives enough typed replies, that Tandem would generate a method reader and writer
 * for each (it is run with {@code -Dtandem.codegen=eager} too), then prints {@code RESULT <replies>}.
 */
public final class UnnamedPackageMain
{
    private UnnamedPackageMain()
    {
    }

    /** The worker. */
    public static class Worker extends MessageProcess implements UnnamedCommands
    {
        public Worker(final String name, final ProcessOptions options)
        {
            super(name, options);
        }

        @Override
        public void work(final long seq)
        {
            frontend(UnnamedReplies.class).done(seq);
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final int count = Integer.parseInt(args[0]);
        final long[] received = {0};
        final UnnamedReplies handler = seq -> received[0]++;
        try (Worker w = new Worker("unnamed", ProcessOptions.builder().mode(ProcessOptions.Mode.valueOf(args[1])).build()))
        {
            w.start();
            final UnnamedCommands commands = w.backend(UnnamedCommands.class);
            for (int i = 0; i < count; i++)
            {
                commands.work(i);
            }
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received[0] < count && System.nanoTime() - deadline < 0)
            {
                w.receive(handler, Duration.ofSeconds(60));
            }
            Thread.sleep(2000); // time for a background compilation to fail, were one started
            System.out.println("RESULT " + received[0]);
        }
    }
}
