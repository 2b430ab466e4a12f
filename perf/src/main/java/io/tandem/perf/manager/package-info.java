/**
 * Many workers: 10 and 100 child JVMs beside bare Chronicle worker fleets, 1000 in-JVM workers and one idle poll
 * over them beside a shared Chronicle fan-in queue.
 */
package io.tandem.perf.manager;
