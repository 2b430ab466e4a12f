/**
 * What Tandem throws when something goes wrong, and what each failure means. The contract:
 * <ul>
 *   <li>a backend handler throws: the error is logged with the process name and comes back as a
 *       {@link io.tandem.failure.CommandFailedException} (or to a handler); the backend keeps serving;</li>
 *   <li>an unknown command or wrong arguments: the same, with a message naming the command;</li>
 *   <li>the backend dies: a waiting call fails within about a second with
 *       {@link io.tandem.failure.BackendDiedException} naming the process and its exit code;</li>
 *   <li>a wait runs out: {@link io.tandem.failure.ReplyTimeoutException}; nothing waits forever;</li>
 *   <li>a runtime file or directory cannot be used: {@link io.tandem.failure.RuntimeDirectoryException}
 *       naming the path and what to do.</li>
 * </ul>
 */
package io.tandem.failure;
