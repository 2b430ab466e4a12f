/**
 * The backend's side of a process: {@link io.tandem.backend.BackendRuntime} reads the start document, runs
 * {@code preRun()}, the command loop and {@code postRun()}; {@link io.tandem.backend.BackendContext} is what the
 * loop and the process share (replies, wake-ups, the stop); {@code CommandDispatcher} runs each command, and
 * once the command reader is generated calls plain commands and calls inline
 * ({@link io.tandem.backend.InlineDispatch}); {@link io.tandem.backend.MessageDispatch} binds a message sent by
 * name to its method.
 */
package io.tandem.backend;
