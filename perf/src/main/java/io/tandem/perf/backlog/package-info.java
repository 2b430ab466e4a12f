/**
 * Flow control: a producer ten times faster than its consumer, peak tmpfs beside the stated bound.
 */
package io.tandem.perf.backlog;
