/**
 * Running many workers: {@link io.tandem.Poller} waits on processes, rings and channels at once, {@link
 * io.tandem.manager.MainContext} starts, watches and restarts them ({@link io.tandem.manager.RestartPolicy}),
 * {@link io.tandem.manager.ProcessExit} says how one ended.
 */
package io.tandem.manager;
