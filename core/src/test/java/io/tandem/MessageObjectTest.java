package io.tandem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a message and a process print: as the seed's {@code str()} prints them. */
class MessageObjectTest
{
    static final class WorkerProcess extends MessageProcess
    {
        WorkerProcess(final String name)
        {
            super(name);
        }
    }

    @Test
    void aMessagePrintsAsTheSeedsStr()
    {
        assertEquals("<MessageObject: ready: {}>", new MessageObject("ready").toString());
        assertEquals("<MessageObject: ping: {'parameter': 'gotcha!', 'sync_index': 3}>",
            new MessageObject("ping", "parameter", "gotcha!", "sync_index", 3).toString());
        assertEquals("<MessageObject: create: {'shape': [200, 200], 'done': True, 'name': None}>",
            new MessageObject("create", "shape", new long[] {200, 200}, "done", true, "name", null).toString());
    }

    @Test
    void aProcessPrintsAsTheSeedsStr()
    {
        assertEquals("<WorkerProcess.worker-1>", new WorkerProcess("worker-1").toString());
    }
}
