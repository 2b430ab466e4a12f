package io.tandem.perf;

/**
 * A call the benchmarks' backends answer: whether their code generation has settled (see
 * {@code io.tandem.internal.channel.Codegen#isSettled()}), so a warm-up can last until javac is done on both sides.
 */
public interface CodegenProbe
{
    /** @return true if the backend JVM compiles nothing and has nothing waiting to compile. */
    boolean codegenSettled();
}
