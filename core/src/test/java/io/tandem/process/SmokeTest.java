package io.tandem.process;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest
{
    @Test
    @Timeout(60)
    void echoes()
    {
        long t0 = System.nanoTime();
        try (EchoProcess p = new EchoProcess("echo-1", ProcessOptions.defaults()))
        {
            p.start();
            p.backend(EchoCommands.class).echo("hi");
            final MessageObject m = p.receive(Duration.ofSeconds(30));
            System.out.println("first reply after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + m);
            assertEquals("hi", m.get("text"));
            p.sendMessageToBack(new MessageObject("echo", "text", "again"));
            assertEquals("again", p.receive(Duration.ofSeconds(5)).get("text"));
        }
    }
}
