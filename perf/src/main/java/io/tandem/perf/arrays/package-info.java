/**
 * Shared arrays: the backend's read beside the same sum over private memory, copy-in beside a DRAM memcpy,
 * attach and first touch beside a bare FileChannel.map.
 */
package io.tandem.perf.arrays;
