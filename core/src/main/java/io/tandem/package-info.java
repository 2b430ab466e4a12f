/**
 * The API: a process class extends {@link io.tandem.MessageProcess} (or {@link io.tandem.AsyncMessageProcess})
 * and implements its command interfaces; {@link io.tandem.ProcessOptions} configures it; {@link
 * io.tandem.MessageObject} is a message by name; {@link io.tandem.MessageHandler} and {@link
 * io.tandem.ErrorHandler} take replies; a {@link io.tandem.ProcessResource} (a shared array, an event group) is
 * shipped with the process and bound to its backend; {@link io.tandem.Poller} waits on many processes at once.
 *
 * <p>The process plumbing lives here too, package-private, as Aeron's client keeps its conductor beside
 * {@code Aeron}: the frontend's side ({@code FrontendLink}, {@code ReplyInbox}, {@code Calls}, {@code CommandProxy}),
 * the backend's ({@code BackendRuntime} runs a {@code BackendAgent}; {@code BackendContext}, {@code CommandDispatcher},
 * {@code BackendMain}), and state shipping ({@code ShippedFields}, {@code StateShipper}).
 *
 * <p>Depends on: {@code io.tandem.failure} and {@code io.tandem.internal.*}, never on {@code memory}, {@code sync},
 * {@code manager} or {@code cli} (those depend on it).
 */
package io.tandem;
