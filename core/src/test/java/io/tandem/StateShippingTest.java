package io.tandem;

import io.tandem.junit.TandemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** State reaches the backend as a fork would copy it: every field, and no constructor run again. */
@Timeout(60)
class StateShippingTest
{
    /** A child JVM (the copy a fork would make), closed after the test, nothing left behind. */
    @RegisterExtension
    final TandemExtension tandem = TandemExtension.childJvm();

    @Test
    void fieldsOfEveryKindArriveAndNoConstructorRunsOnEitherSide()
    {
        final CountingProcess p = new CountingProcess();
        assertEquals(1, CountingProcess.CONSTRUCTIONS.get());
        tandem.start(p);
        final Counting remote = p.backend(Counting.class);
        assertEquals(0, remote.constructions(), "the backend's copy is made without a constructor");
        assertEquals("42 2.5 [a, b] {x=1} 7 subclass GREEN", remote.fields());
        assertEquals(1, CountingProcess.CONSTRUCTIONS.get(), "shipping built no default instance here either");
    }
}
