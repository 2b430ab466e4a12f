package com.example.embedding;

/** The commands of {@link GreeterProcess}: called in the frontend, run in its backend JVM. */
public interface Greeter
{
    /** @return a greeting for {@code who}, saying which JVM made it. */
    String greet(String who);
}
