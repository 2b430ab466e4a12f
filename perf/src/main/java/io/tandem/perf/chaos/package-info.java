/**
 * The chaos and soak runs ({@code ./tandem chaos}): a live session whose surviving paths carry end-to-end
 * sequence numbers while faults from a seeded schedule are injected, each checked against the outcome the failure
 * contract promises. The classes, by family:
 * <ul>
 * <li>entry and runs: {@code ChaosMain} (command line, root, sweeps of dead runs), {@code ChaosOptions},
 * {@code ChaosRun} (the schedule, deadlines, watchdog), {@code SoakRun} (steady traffic, samples, slopes),
 * {@code ChaosSession} (injections and their tallies; the end-of-run counts of losses, files, mounts, orphans);</li>
 * <li>the surviving traffic and its accounting: {@code Traffic} (workers, ring, pacing), {@code EchoWorker} /
 * {@code EchoCommands}, {@code RingReader} / {@code RingReaderCommands}, {@link io.tandem.perf.chaos.Ledger},
 * {@code LatencyLog};</li>
 * <li>the faults: {@code Fault} (with {@code Fault.Simple}), {@code Outcome}, {@code ChaosContext} (what a fault
 * works with, and the processes, sessions and mounts it must not leave), by concern: backend kills and stops
 * ({@code BackendFaults}), frontends in child JVMs ({@code FrontendFaults}, {@link io.tandem.perf.chaos.ChildFrontend}),
 * messages and lifecycle races ({@code MessageFaults}, {@code HungStart}), the manager's restarts
 * ({@code ManagerFaults}), queues and a full tmpfs ({@code QueueFaults}), damaged runtime files
 * ({@code CorruptFiles});</li>
 * <li>reading and reporting: {@code ChaosFiles} (files left, bytes in use), {@code Schedule}, {@code FaultTally},
 * {@code Stats}, {@code ChaosReport} (table and JSON).</li>
 * </ul>
 */
package io.tandem.perf.chaos;
