/**
 * Command round trips beside a raw shared-memory ping-pong (the floor) and a bare Chronicle method writer and
 * reader on two queues, all busy-spinning, in rotating order, closed loop and at 2000/s.
 */
package io.tandem.perf.rtt;
