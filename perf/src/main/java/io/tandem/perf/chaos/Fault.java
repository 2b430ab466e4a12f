package io.tandem.perf.chaos;

/**
 * One kind of fault the chaos run injects, with the outcome the failure contract (README, "What happens when
 * things fail") promises for it. {@link #inject} causes it once, waits (bounded) for the promised signal and
 * says whether it came, and came in time.
 */
interface Fault
{
    /** @return the kind's name in the table and the JSON, e.g. {@code kill9-mid-call}. */
    String name();

    /** @return the promise checked, in a line. */
    String promise();

    /** Injects the fault once into {@code ctx}'s session and checks the outcome. */
    Outcome inject(ChaosContext ctx) throws Exception;

    /** A fault made of a name, a promise and a body. */
    record Simple(String name, String promise, Body body) implements Fault
    {
        @Override
        public Outcome inject(final ChaosContext ctx) throws Exception
        {
            return body.inject(ctx);
        }
    }

    /** The body of a {@link Simple} fault. */
    interface Body
    {
        Outcome inject(ChaosContext ctx) throws Exception;
    }
}
