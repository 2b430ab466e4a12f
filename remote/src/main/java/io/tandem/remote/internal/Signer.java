package io.tandem.remote.internal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Signs and checks control messages with HmacSHA256 under the cluster secret: the last
 * {@link RemoteDescriptor#SIGNATURE_LENGTH} bytes of a signed message are the HMAC of all bytes before them.
 * Thread-safe (one {@link Mac} per thread).
 */
public final class Signer
{
    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    public Signer(final byte[] secret)
    {
        final SecretKeySpec key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() ->
        {
            try
            {
                final Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            }
            catch (final GeneralSecurityException ex)
            {
                throw new IllegalStateException("this JVM has no " + ALGORITHM, ex);
            }
        });
    }

    /**
     * Writes the signature of {@code buffer[0, length)} after it.
     *
     * @return the signed message's length.
     */
    public int sign(final MutableDirectBuffer buffer, final int length)
    {
        final byte[] signature = hmac(buffer, 0, length);
        buffer.putBytes(length, signature);
        return length + signature.length;
    }

    /** @return true if the message at {@code offset} of {@code length} bytes (signature included) is signed with the secret. */
    public boolean verify(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < RemoteDescriptor.HEADER_LENGTH + RemoteDescriptor.SIGNATURE_LENGTH)
        {
            return false;
        }
        final int body = length - RemoteDescriptor.SIGNATURE_LENGTH;
        final byte[] expected = hmac(buffer, offset, body);
        final byte[] actual = new byte[RemoteDescriptor.SIGNATURE_LENGTH];
        buffer.getBytes(offset + body, actual);
        return MessageDigest.isEqual(expected, actual); // constant time: no timing oracle on the signature
    }

    private byte[] hmac(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        final Mac mac = macs.get();
        return mac.doFinal(bytes);
    }
}
