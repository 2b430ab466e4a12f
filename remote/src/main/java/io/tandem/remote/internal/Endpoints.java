package io.tandem.remote.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

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

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+]");

    /**
     * @return true if {@code endpoint} is a numeric {@code ip:port} (IPv4 dotted, or IPv6 in brackets): what a node
     * accepts from the wire, where a host name would make its media driver ask DNS on a stranger's behalf.
     */
    static boolean isNumeric(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1 || endpoint.length() - colon > 6)
        {
            return false;
        }
        for (int i = colon + 1; i < endpoint.length(); i++)
        {
            if (!Character.isDigit(endpoint.charAt(i)) || endpoint.charAt(i) > '9')
            {
                return false;
            }
        }
        final int port = Integer.parseInt(endpoint.substring(colon + 1));
        final String host = endpoint.substring(0, colon);
        return port > 0 && port <= 0xFFFF && (IPV4.matcher(host).matches() || IPV6.matcher(host).matches());
    }

    /** @return {@code endpoint} with its host resolved to a numeric address (the frontend's own, trusted, input). */
    static String numeric(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        try
        {
            final InetAddress address = InetAddress.getByName(endpoint.substring(0, colon));
            final String host = address.getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + endpoint.substring(colon);
        }
        catch (final UnknownHostException ex)
        {
            throw new UncheckedIOException("cannot resolve node address " + endpoint + " (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * @return true if the numeric {@code target} names the endpoint a node bound as {@code bound} (host:port, any host
     * form): same port, and the same address, or, for a node bound to the wildcard address, an address of this host.
     */
    static boolean isThisNode(final String target, final String bound)
    {
        final int colon = target.lastIndexOf(':');
        final int boundColon = bound.lastIndexOf(':');
        if (!target.substring(colon).equals(bound.substring(boundColon)))
        {
            return false;
        }
        try
        {
            final InetAddress wanted = InetAddress.getByName(stripBrackets(target.substring(0, colon))); // numeric: no lookup
            final InetAddress local = InetAddress.getByName(stripBrackets(bound.substring(0, boundColon)));
            if (local.isAnyLocalAddress())
            {
                return wanted.isLoopbackAddress() || NetworkInterface.getByInetAddress(wanted) != null;
            }
            return local.equals(wanted);
        }
        catch (final UnknownHostException | SocketException ex)
        {
            return false;
        }
    }

    private static String stripBrackets(final String host)
    {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
