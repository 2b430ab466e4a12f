/**
 * Wait strategies for polling loops that cross process boundaries: busy-spin, yield, back-off.
 * Shared by core's backends and pollers and by the ring buffer's producers and consumers.
 */
package io.tandem.idle;
