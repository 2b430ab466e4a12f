/**
 * The API: a process class extends {@link io.tandem.MessageProcess} (or {@link io.tandem.AsyncMessageProcess})
 * and implements its command interfaces; {@link io.tandem.ProcessOptions} configures it; {@link
 * io.tandem.MessageObject} is a message by name; {@link io.tandem.MessageHandler} and {@link
 * io.tandem.ErrorHandler} take replies; a {@link io.tandem.ProcessResource} (a shared array, an event group) is
 * shipped with the process and bound to its backend.
 */
package io.tandem;
