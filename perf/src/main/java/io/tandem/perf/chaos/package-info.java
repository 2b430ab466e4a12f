/**
 * The chaos and soak runs ({@code ./tandem chaos}): a live session whose surviving paths carry end-to-end
 * sequence numbers ({@link io.tandem.perf.chaos.Ledger}) while faults from a seeded
 * {@link io.tandem.perf.chaos.Schedule} are injected, each checked against the outcome the failure contract
 * promises. The fault kinds live by concern: backend kills and stops ({@code BackendFaults}), frontends in child
 * JVMs ({@code FrontendFaults}, {@link io.tandem.perf.chaos.ChildFrontend}), messages and lifecycle races
 * ({@code MessageFaults}), the manager's restarts ({@code ManagerFaults}). The soak run keeps steady traffic for
 * a long time and reports latency, RSS and tmpfs use with their slopes.
 */
package io.tandem.perf.chaos;
