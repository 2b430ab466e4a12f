package io.tandem.remote.internal;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a message's fields in order, checking every length against the message's end: a truncated or garbled message
 * fails with a {@link MalformedMessageException} saying what did not fit, never with an index error or a huge
 * allocation.
 */
final class MessageReader
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final DirectBuffer buffer;
    private final int end;
    private int position;

    /** @param end where the fields end (before a signature). */
    MessageReader(final DirectBuffer buffer, final int offset, final int end)
    {
        this.buffer = buffer;
        this.position = offset;
        this.end = end;
    }

    /**
     * @return a reader of the fields of the signed message of {@code length} bytes at {@code offset}: after its
     * header ({@link RemoteDescriptor#HEADER_LENGTH}), before its signature.
     */
    static MessageReader signedFields(final DirectBuffer buffer, final int offset, final int length)
    {
        return new MessageReader(buffer, offset + RemoteDescriptor.HEADER_LENGTH,
            offset + length - RemoteDescriptor.SIGNATURE_LENGTH);
    }

    private int take(final int bytes, final String what)
    {
        if (bytes < 0 || end - position < bytes)
        {
            throw new MalformedMessageException("truncated at " + what + " (needs " + bytes + " bytes, " +
                (end - position) + " left)");
        }
        final int at = position;
        position += bytes;
        return at;
    }

    byte int8(final String what)
    {
        return buffer.getByte(take(1, what));
    }

    int int16(final String what)
    {
        return buffer.getShort(take(2, what), ORDER) & 0xFFFF;
    }

    int int32(final String what)
    {
        return buffer.getInt(take(4, what), ORDER);
    }

    long int64(final String what)
    {
        return buffer.getLong(take(8, what), ORDER);
    }

    byte[] bytes(final int length, final String what)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(take(length, what), bytes);
        return bytes;
    }

    String string(final String what)
    {
        final int length = int16(what + " length");
        if (length > RemoteDescriptor.MAX_STRING_BYTES)
        {
            throw new MalformedMessageException(what + " is " + length + " bytes long (at most " +
                RemoteDescriptor.MAX_STRING_BYTES + ")");
        }
        return new String(bytes(length, what), StandardCharsets.UTF_8);
    }

    /** @throws MalformedMessageException if bytes are left over. */
    void end()
    {
        if (position != end)
        {
            throw new MalformedMessageException((end - position) + " bytes left over after the last field");
        }
    }
}
