package io.tandem;

import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** State reaches the backend as a fork would copy it: every field, and no constructor run again. */
@Timeout(60)
@ExtendWith(NoLeftovers.class)
class StateShippingTest
{
    @Test
    void fieldsOfEveryKindArriveAndNoConstructorRunsOnEitherSide()
    {
        try (CountingProcess p = new CountingProcess())
        {
            assertEquals(1, CountingProcess.CONSTRUCTIONS.get());
            p.start();
            final Counting remote = p.backend(Counting.class);
            assertEquals(0, remote.constructions(), "the backend's copy is made without a constructor");
            assertEquals("42 2.5 [a, b] {x=1} 7 subclass GREEN", remote.fields());
            assertEquals(1, CountingProcess.CONSTRUCTIONS.get(), "shipping built no default instance here either");
        }
    }
}
