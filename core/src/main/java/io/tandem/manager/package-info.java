/**
 * Running many workers: {@link io.tandem.manager.MainContext} starts, watches and restarts them ({@link
 * io.tandem.manager.RestartPolicy}) over a {@link io.tandem.Poller}, whose {@link io.tandem.ProcessExit}s say how one
 * ended.
 *
 * <p>Depends on io.tandem's public API only.
 */
package io.tandem.manager;
