package io.tandem.remote.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** {@code host:port} endpoints. */
final class Endpoints
{
    private Endpoints()
    {
    }

    /**
     * @return {@code endpoint} with port 0 replaced by a UDP port free now. Every subscription on one endpoint must name
     * the same channel (Aeron binds another socket for another channel), and a channel with port 0 is not the
     * channel of the port it resolved to: so the port is chosen before the first subscription.
     */
    static String concrete(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        final String host = endpoint.substring(0, colon);
        if (Integer.parseInt(endpoint.substring(colon + 1)) != 0)
        {
            return endpoint;
        }
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0)))
        {
            return host + ":" + probe.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find a free UDP port on " + host + " (" + ex.getMessage() + ")", ex);
        }
    }
}
