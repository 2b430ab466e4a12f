package io.tandem;

import java.util.concurrent.ExecutorService;

/**
 * What the backend runtime runs, as Agrona's {@code AgentRunner} runs an {@code Agent}: the lifecycle of one process
 * object in its backend. {@link MessageProcess} provides it; the runtime knows nothing else of the process, so it
 * cannot reach the frontend's side nor the user's protected API.
 */
interface BackendAgent
{
    /** @return the process name (logs, thread names). */
    String name();

    /** @return how the process runs (wait mode, stop timeout, queue sizes). */
    ProcessOptions options();

    /** @return the object whose command-interface methods the dispatcher runs (the process itself). */
    Object commandTarget();

    /** Hands the process its backend context: from now on it is a backend. Called once, before {@link #preRun()}. */
    void attach(BackendContext context);

    /** Runs the user's preRun. */
    void preRun() throws Exception;

    /** Runs the user's postRun. */
    void postRun() throws Exception;

    /** @return the work done by the user's betweenCommands; 0 lets the loop idle. */
    int betweenCommands() throws Exception;

    /** @return true if the process does work of its own between commands (so the idle loop must look now and then). */
    boolean overridesBetweenCommands();

    /** @return where command handlers run: null for the loop thread, one at a time. */
    ExecutorService commandExecutor();

    /** Closes the backend's attachments in the process's fields (unmap, give back references). */
    void closeResources();
}
