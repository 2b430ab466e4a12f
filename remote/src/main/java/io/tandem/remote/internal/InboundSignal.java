package io.tandem.remote.internal;

import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import io.aeron.protocol.DataHeaderFlyweight;
import io.tandem.idle.Doorbell;
import org.agrona.collections.ArrayUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes this JVM's bridge threads when their embedded media driver has put a datagram from the network into an
 * image, so that a bridge with nothing to do can sleep on its local doorbell (rung by the local side when it writes)
 * and still see the far side's traffic at once, instead of polling Aeron on a timer. Aeron's client has no blocking
 * wait; the driver's receive path is the one place that knows data came: {@link #endpoint} is the embedded driver's
 * {@code ReceiveChannelEndpoint}, which, after the driver has inserted a data packet (its frames readable by
 * subscribers), counts an arrival and rings the doorbells of the bridges registered here.
 *
 * <p>No wake-up is lost: a bridge reads {@link #arrivals()} before a pass over its subscriptions and sleeps only while
 * the count is unchanged, re-checked after it has announced itself on its doorbell; the driver counts the arrival
 * (a volatile add) before it rings (a full fence, then it reads the sleepers): the doorbell's own store-load protocol.
 * With an external driver nothing rings: {@link #driverRings()} is false and bridges bound their sleeps instead.
 */
final class InboundSignal
{
    private static final AtomicLong ARRIVALS = new AtomicLong();
    /** Embedded drivers with the hook, open now. */
    private static final AtomicInteger HOOKED_DRIVERS = new AtomicInteger();
    /** Clients of external drivers, open now: their traffic rings nothing, so bridges bound their sleeps. */
    private static final AtomicInteger EXTERNAL_CLIENTS = new AtomicInteger();
    /** The bells to ring, copied on change (rare: a bridge starts or ends) so the driver's thread reads it without a lock. */
    private static volatile Doorbell[] bells = new Doorbell[0];

    private InboundSignal()
    {
    }

    /** @return datagrams put into images by this JVM's hooked drivers so far. */
    static long arrivals()
    {
        return ARRIVALS.get();
    }

    /** @return true if every driver this JVM's bridges read from rings them on arrivals (embedded, none external). */
    static boolean driverRings()
    {
        return HOOKED_DRIVERS.get() > 0 && EXTERNAL_CLIENTS.get() == 0;
    }

    static synchronized void register(final Doorbell bell)
    {
        bells = ArrayUtil.add(bells, bell);
    }

    static synchronized void unregister(final Doorbell bell)
    {
        bells = ArrayUtil.remove(bells, bell); // by identity; the same array if it is not there
    }

    /** @return true if {@code bell} is rung on arrivals. */
    static boolean isRegistered(final Doorbell bell)
    {
        for (final Doorbell registered : bells)
        {
            if (registered == bell)
            {
                return true;
            }
        }
        return false;
    }

    static void driverStarted()
    {
        HOOKED_DRIVERS.incrementAndGet();
    }

    static void driverClosed()
    {
        HOOKED_DRIVERS.decrementAndGet();
    }

    static void externalStarted()
    {
        EXTERNAL_CLIENTS.incrementAndGet();
    }

    static void externalClosed()
    {
        EXTERNAL_CLIENTS.decrementAndGet();
    }

    /** Counts an arrival, then wakes the registered bridges that sleep (a bell without sleepers costs one read). */
    static void signal()
    {
        ARRIVALS.incrementAndGet(); // before the rings: a bridge that re-checks after announcing its sleep sees it
        for (final Doorbell bell : bells)
        {
            bell.ring();
        }
    }

    /** The embedded driver's receive endpoint: Aeron's, signalling after each data packet it has taken in. */
    static ReceiveChannelEndpoint endpoint(final UdpChannel channel, final DataPacketDispatcher dispatcher,
        final AtomicCounter status, final MediaDriver.Context context)
    {
        return new ReceiveChannelEndpoint(channel, dispatcher, status, context)
        {
            @Override
            public int onDataPacket(final DataHeaderFlyweight header, final UnsafeBuffer buffer, final int length,
                final InetSocketAddress srcAddress, final int transportIndex)
            {
                final int bytes = super.onDataPacket(header, buffer, length, srcAddress, transportIndex);
                signal(); // the frames are in the image now: a subscriber polling finds them
                return bytes;
            }
        };
    }
}
