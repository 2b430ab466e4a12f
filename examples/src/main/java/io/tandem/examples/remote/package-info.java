/**
 * {@code ./tandem example remote}: a tandem node on 127.0.0.1 in a child JVM, the tutorial's ping-pong through it, then a
 * stream of frames from this JVM to a consumer process on the node, through a ring the node mirrors.
 */
package io.tandem.examples.remote;
