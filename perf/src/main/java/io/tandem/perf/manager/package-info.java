/**
 * Many workers: 10 and 100 child JVMs beside bare Chronicle worker fleets, 1000 in-JVM workers and one idle poll
 * over them beside a shared Chronicle fan-in queue; spare backend JVMs ({@code SpareFigures}): a start and a manager's
 * restart on a spare beside the cold ones, a fleet on spares, what an idle spare costs.
 */
package io.tandem.perf.manager;
