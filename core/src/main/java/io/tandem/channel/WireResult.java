package io.tandem.channel;

import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/** The value a call returned in the backend, for the call {@link #correlationId()} at the frontend. */
public final class WireResult implements Marshallable
{
    private long correlationId;
    private Object value;

    public WireResult()
    {
    }

    public WireResult(final long correlationId, final Object value)
    {
        this.correlationId = correlationId;
        this.value = value;
    }

    public long correlationId()
    {
        return correlationId;
    }

    /** @return the value as decoded (numbers may need converting to the declared return type). */
    public Object value()
    {
        return value;
    }

    @Override
    public void writeMarshallable(final WireOut wire)
    {
        wire.write("id").int64(correlationId);
        wire.write("value").object(value);
    }

    @Override
    public void readMarshallable(final WireIn wire)
    {
        correlationId = wire.read("id").int64();
        value = wire.read("value").object();
    }

    @Override
    public String toString()
    {
        return "WireResult{" + correlationId + ": " + value + '}';
    }
}
