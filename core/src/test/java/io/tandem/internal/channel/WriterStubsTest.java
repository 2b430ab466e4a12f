package io.tandem.internal.channel;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.BufferOverflowException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stub passes every argument to the current writer unchanged and typed, retries once after an overflow of the
 * in-place window, sends a method with a result as a call and returns its result as the method's type; where no
 * stub can be made, there is none (the caller keeps its proxy).
 */
class WriterStubsTest
{
    /** Records what reaches it; its writer is a proxy that records each call. */
    private static final class Recording extends StubTarget
    {
        final List<String> written = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        int writerLookups;
        int overflowsLeft;
        boolean stageAllowed = true;
        final Object writer = Proxy.newProxyInstance(StubbedCommands.class.getClassLoader(),
            new Class<?>[] {StubbedCommands.class}, (proxy, method, args) ->
            {
                if (overflowsLeft > 0)
                {
                    overflowsLeft--;
                    throw new BufferOverflowException();
                }
                written.add(method.getName() + Arrays.deepToString(args));
                return method.getReturnType() == long.class ? 7L : null;
            });

        @Override
        public Object writer()
        {
            writerLookups++;
            return writer;
        }

        @Override
        public void retryStaged(final BufferOverflowException overflow)
        {
            if (!stageAllowed)
            {
                throw overflow;
            }
            stageAllowed = false;
        }

        @Override
        public Object call(final int method, final Object[] args)
        {
            final Method m = WriterStubs.methods(StubbedCommands.class)[method];
            calls.add(m.getName() + Arrays.deepToString(args));
            switch (m.getName())
            {
                case "twice":
                    return 2 * (Long)args[0];
                case "greet":
                    return "hello " + args[0];
                case "half":
                    return (Integer)args[0] / 2.0;
                case "later":
                    return CompletableFuture.completedFuture("later " + args[0]);
                default:
                    throw new AssertionError(m);
            }
        }

        @Override
        public String describe()
        {
            return "recording";
        }
    }

    @Test
    void passesEveryArgumentTypedToTheWriter()
    {
        final Recording target = new Recording();
        final StubbedCommands stub = WriterStubs.create(StubbedCommands.class, target, true);
        assertNotNull(stub, "a public interface of public types gets a stub");
        assertFalse(Proxy.isProxyClass(stub.getClass()));
        stub.primitives(true, (byte)-2, 'x', (short)300, -40_000, 1L << 40, 1.5f, -2.25);
        stub.objects("text", new int[] {1, 2}, List.of("a", "b"));
        stub.objects(null, null, null);
        stub.byDefault(9);
        assertEquals(List.of("primitives[true, -2, x, 300, -40000, 1099511627776, 1.5, -2.25]", "objects[text, [1, 2], [a, b]]",
            "objects[null, null, null]", "byDefault[9]"), target.written);
        assertEquals(4, target.writerLookups, "the writer is asked for at every call (it may have been generated since)");
        assertEquals("recording", stub.toString());
        assertTrue(stub.equals(stub) && !stub.equals(WriterStubs.create(StubbedCommands.class, target, true)), "identity");
    }

    @Test
    void sendsMethodsWithResultsAsCallsAndReturnsTheirResultsTyped() throws Exception
    {
        final Recording target = new Recording();
        final StubbedCommands stub = WriterStubs.create(StubbedCommands.class, target, true);
        assertEquals(42L, stub.twice(21));
        assertEquals("hello you", stub.greet("you"));
        assertEquals(2.5, stub.half(5));
        assertEquals("later now", stub.later("now").get());
        assertEquals(List.of("twice[21]", "greet[you]", "half[5]", "later[now]"), target.calls);
        assertTrue(target.written.isEmpty());
    }

    @Test
    void writesEveryMethodWhenNotSendingCalls()
    {
        final Recording target = new Recording();
        final StubbedCommands stub = WriterStubs.create(StubbedCommands.class, target, false);
        assertEquals(7L, stub.twice(3), "the writer's own result comes back");
        assertNull(stub.greet("x"));
        assertEquals(List.of("twice[3]", "greet[x]"), target.written);
        assertTrue(target.calls.isEmpty());
    }

    @Test
    void retriesOnceAfterTheWindowOverflowsAndRethrowsASecondOverflow()
    {
        final Recording target = new Recording();
        final StubbedCommands stub = WriterStubs.create(StubbedCommands.class, target, true);
        target.overflowsLeft = 1;
        stub.byDefault(1);
        assertEquals(List.of("byDefault[1]"), target.written, "encoded again, staged");
        target.overflowsLeft = 2;
        target.stageAllowed = true;
        final BufferOverflowException second = assertThrows(BufferOverflowException.class, () -> stub.byDefault(2));
        assertNotNull(second);
        target.overflowsLeft = 1;
        target.stageAllowed = false;
        assertThrows(BufferOverflowException.class, () -> stub.byDefault(3), "staged already: the encoder's own overflow");
        assertEquals(List.of("byDefault[1]"), target.written, "nothing half-written");
    }

    /** Not public: a class in Tandem's package could not name it. */
    interface Hidden
    {
        void ping(long x);
    }

    @Test
    void noStubForAnInterfaceItCannotName()
    {
        assertNull(WriterStubs.create(Hidden.class, new Recording(), true));
    }

    @Test
    void methodsAreIndexedByName()
    {
        final Method[] methods = WriterStubs.methods(StubbedCommands.class);
        final String[] names = Arrays.stream(methods).map(Method::getName).toArray(String[]::new);
        assertArrayEquals(new String[] {"byDefault", "greet", "half", "later", "objects", "primitives", "twice"}, names);
        assertSame(methods.length, WriterStubs.methods(StubbedCommands.class).length);
    }
}
