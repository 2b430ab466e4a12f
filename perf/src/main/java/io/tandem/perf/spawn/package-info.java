/**
 * Bare worker JVMs started like a backend (a Chronicle worker with code generation off and its own class-data
 * archive, the same with eager code generation, an empty JVM): the peers of start-up, memory and idling; and the
 * start-up and idle figures of one backend.
 */
package io.tandem.perf.spawn;
