/**
 * The frontend's side of a process: {@link io.tandem.frontend.FrontendLink} owns the queues and the backend it
 * launched; {@code backend(Commands.class)} is a stub over a {@link io.tandem.frontend.CommandTarget} (or a
 * {@link io.tandem.frontend.CommandProxy}); calls with results wait in {@link io.tandem.frontend.Calls}; replies
 * are read by {@link io.tandem.frontend.ReplyInbox}, which sleeps on the reply doorbell
 * ({@link io.tandem.frontend.ReplySignal}) in the default wait mode.
 */
package io.tandem.frontend;
