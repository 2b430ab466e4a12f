package io.tandem.remote.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Endpoints from the wire must be numeric; a request names its node; text from the wire is escaped for the log. */
class EndpointsTest
{
    @Test
    void onlyNumericEndpointsPass()
    {
        assertTrue(Endpoints.isNumeric("127.0.0.1:40123"));
        assertTrue(Endpoints.isNumeric("[::1]:9"));
        for (final String bad : new String[] {"localhost:9", "evil.example.com:9", "127.0.0.1", "127.0.0.1:",
            "127.0.0.1:0", "127.0.0.1:70000", "256.0.0.1:9", "127.0.0.1:9x", ":9", "1.2.3:9", "[::1]x:9"})
        {
            assertFalse(Endpoints.isNumeric(bad), bad);
        }
        assertEquals("127.0.0.1:40123", Endpoints.numeric("localhost:40123").replace("[::1]", "127.0.0.1"));
    }

    @Test
    void aRequestIsForThisNodeOnlyIfItNamesItsAddressAndPort()
    {
        assertTrue(Endpoints.isThisNode("127.0.0.1:40123", "127.0.0.1:40123"));
        assertFalse(Endpoints.isThisNode("127.0.0.1:40124", "127.0.0.1:40123"), "another port");
        assertFalse(Endpoints.isThisNode("127.0.0.2:40123", "127.0.0.1:40123"), "another address");
        assertTrue(Endpoints.isThisNode("127.0.0.1:40123", "0.0.0.0:40123"), "a wildcard node: an address of this host");
        assertFalse(Endpoints.isThisNode("192.0.2.1:40123", "0.0.0.0:40123"), "a wildcard node: not this host's");
    }

    @Test
    void wireTextCannotForgeALogLine()
    {
        assertEquals("evil\\nFAKE - ERROR\\r\\u001b[31m", LogText.escape("evil\nFAKE - ERROR\r\u001b[31m"));
        assertEquals("a".repeat(200) + "...(1000 chars)", LogText.escape("a".repeat(1000)));
    }
}
