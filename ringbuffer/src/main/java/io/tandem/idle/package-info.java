/**
 * How Tandem's loops wait, shared by core's backends, frontends and pollers and by the ring buffer's producers
 * and consumers: {@link io.tandem.idle.Doorbell} (a futex in shared memory: the wake-up protocol, written down
 * there), {@link io.tandem.idle.ParkingIdleStrategy} (spin, yield, then sleep on doorbells: the default) with
 * {@link io.tandem.idle.SpinBudget} (how long to stay awake, learnt) and {@code Cadence} (the rhythm of the work,
 * learnt: awake when the next piece of steady work is due), and the polling strategies (busy-spin,
 * yield, back-off) chosen by {@link io.tandem.idle.WaitMode}, and {@link io.tandem.idle.Await}, the one bounded wait
 * (deadline on an injected {@link io.tandem.idle.NanoClock}, liveness check, a kept idle strategy) behind every
 * wait of core's frontend, events and poller. {@code Futex} reaches the system calls (futexes, and the timer slack of a sleep to a deadline).
 */
package io.tandem.idle;
