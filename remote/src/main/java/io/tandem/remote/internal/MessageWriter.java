package io.tandem.remote.internal;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes a message's fields in order into a growing buffer, little-endian, after the common header. */
final class MessageWriter
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private int position;

    MessageWriter(final byte type)
    {
        buffer.putByte(RemoteDescriptor.TYPE_OFFSET, type);
        buffer.putByte(RemoteDescriptor.VERSION_OFFSET, RemoteDescriptor.VERSION);
        buffer.putShort(2, (short)0);
        position = RemoteDescriptor.HEADER_LENGTH;
    }

    MessageWriter int8(final int value)
    {
        buffer.putByte(position, (byte)value);
        position += 1;
        return this;
    }

    MessageWriter int32(final int value)
    {
        buffer.putInt(position, value, ORDER);
        position += 4;
        return this;
    }

    MessageWriter int64(final long value)
    {
        buffer.putLong(position, value, ORDER);
        position += 8;
        return this;
    }

    MessageWriter bytes(final byte[] value)
    {
        buffer.putBytes(position, value);
        position += value.length;
        return this;
    }

    MessageWriter string(final String value)
    {
        return string(value, "a string");
    }

    /**
     * @param what the field, for the error.
     * @throws IllegalArgumentException naming the field, its start, its size and the limit if it is too long.
     */
    MessageWriter string(final String value, final String what)
    {
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > RemoteDescriptor.MAX_STRING_BYTES)
        {
            throw new IllegalArgumentException(what + " ('" + LogText.escape(value.substring(0, 40)) + "...') is " +
                utf8.length + " bytes in UTF-8, more than the " + RemoteDescriptor.MAX_STRING_BYTES + " a message may " +
                "carry in one string");
        }
        buffer.putShort(position, (short)utf8.length, ORDER);
        position += 2;
        return bytes(utf8);
    }

    /** @return the message, signed; its length is {@link #length()}. */
    MutableDirectBuffer signed(final Signer signer)
    {
        buffer.checkLimit(position + RemoteDescriptor.SIGNATURE_LENGTH);
        position = signer.sign(buffer, position);
        return buffer;
    }

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    int length()
    {
        return position;
    }
}
