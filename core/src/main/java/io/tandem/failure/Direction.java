package io.tandem.failure;

/**
 * Which of a process's two queues a failure concerns: commands travel from the frontend to the backend,
 * replies (messages, typed replies, call results and errors) from the backend to the frontend.
 */
public enum Direction
{
    /** Frontend to backend: the command queue. */
    COMMANDS("command", "frontend", "backend"),
    /** Backend to frontend: the reply queue. */
    REPLIES("reply", "backend", "frontend");

    private final String noun;
    private final String writer;
    private final String reader;

    Direction(final String noun, final String writer, final String reader)
    {
        this.noun = noun;
        this.writer = writer;
        this.reader = reader;
    }

    /** @return "command" or "reply". */
    public String noun()
    {
        return noun;
    }

    /** @return the side that writes this queue: "frontend" or "backend". */
    public String writer()
    {
        return writer;
    }

    /** @return the side that reads this queue. */
    public String reader()
    {
        return reader;
    }
}
