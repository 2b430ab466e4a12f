package io.tandem.internal.channel;

import net.openhft.chronicle.bytes.MethodId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user's command or reply interface may not declare, each refused with a message saying why. */
class ProtocolNamesTest
{
    interface Fine
    {
        void frame(long sequence);

        @MethodId(7)
        void numbered(String text);

        static void helper()
        {
        }
    }

    interface ReservedName
    {
        void tandemPing(long value);
    }

    interface Overloaded
    {
        void send(long value);

        void send(String value);
    }

    interface ReservedId
    {
        @MethodId(FrontendEvents.CALL_ID)
        void collides(long value);
    }

    interface LendsBytes
    {
        void frame(long sequence, net.openhft.chronicle.bytes.Bytes<?> data);
    }

    static final class NotAnInterface
    {
    }

    @Test
    void anInterfaceOfDistinctNamesAndUserIdsPasses()
    {
        assertDoesNotThrow(() -> ProtocolNames.checkInterface("command", Fine.class));
    }

    @Test
    void eachMisfitIsRefusedSayingWhy()
    {
        refused(NotAnInterface.class, "must be an interface");
        refused(ReservedName.class, "tandemPing(): names starting with 'tandem' are reserved for Tandem");
        refused(Overloaded.class, "overloads send()");
        refused(ReservedId.class, "collides() @MethodId(" + FrontendEvents.CALL_ID + "): ids from " +
            FrontendEvents.RESERVED_METHOD_IDS);
        refused(LendsBytes.class, "passes a Chronicle Bytes to frame(): Chronicle lends those for the call only");
    }

    private static void refused(final Class<?> type, final String message)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ProtocolNames.checkInterface("command", type));
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
    }
}
