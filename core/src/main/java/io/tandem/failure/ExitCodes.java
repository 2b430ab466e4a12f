package io.tandem.failure;

/**
 * Exit codes of a backend JVM, as the frontend reports them. Codes above 128 are 128 + the signal that
 * killed it (137 = SIGKILL, 143 = SIGTERM), as the shell reports them.
 */
public final class ExitCodes
{
    /** Stopped on request (or its frontend went away) after postRun. */
    public static final int STOPPED = 0;
    /** preRun, the loop or postRun threw: the backend could not go on. */
    public static final int BACKEND_FAILED = 1;
    /** The backend could not be set up: class, state or queues unusable. */
    public static final int START_FAILED = 2;
    /** The JVM ran out of memory ({@code -XX:+ExitOnOutOfMemoryError}). */
    public static final int OUT_OF_MEMORY = 3;
    /**
     * Its frontend went away while a command was still running, and the backend did not finish within the grace
     * period: it was halted, without postRun.
     */
    public static final int HALTED = 4;
    /**
     * Its command queue is corrupted: the frontend's counters say commands were written that the backend could not
     * read for {@code BackendContext}'s stall limit (garbage over a document's header, say). The backend exits so
     * that its frontend learns it, instead of spinning on a document that never completes.
     */
    public static final int QUEUE_CORRUPTED = 5;
    /**
     * A remote backend's node was lost: no heartbeat from it for the liveness timeout (the node crashed or was killed,
     * its host went down, or the network between the hosts failed). The backend itself stops on its own (the node
     * tethers it, and a dead node's backends exit with it).
     */
    public static final int NODE_LOST = 6;

    private ExitCodes()
    {
    }

    /** @return a few words on what {@code exitCode} means. */
    public static String describe(final int exitCode)
    {
        switch (exitCode)
        {
            case STOPPED:
                return "stopped";
            case BACKEND_FAILED:
                return "the backend failed; see its log";
            case START_FAILED:
                return "the backend could not start; see its log";
            case OUT_OF_MEMORY:
                return "out of memory";
            case HALTED:
                return "halted: still busy when its frontend went away";
            case QUEUE_CORRUPTED:
                return "its command queue is corrupted (see its log); restart() it";
            case NODE_LOST:
                return "its node was lost: no heartbeat within the liveness timeout";
            case 128 + 9:
                return "killed by SIGKILL";
            case 128 + 15:
                return "killed by SIGTERM";
            case 128 + 6:
                return "aborted (SIGABRT), e.g. a JVM crash";
            case 128 + 11:
                return "segmentation fault (SIGSEGV)";
            default:
                return exitCode > 128 ? "killed by signal " + (exitCode - 128) : "System.exit(" + exitCode + ")";
        }
    }
}
