package com.example.embedding;

/** {@code java -jar target/embedding-sample.jar [name]}: one backend JVM, one call, closed. */
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args)
    {
        final String who = args.length > 0 ? args[0] : "world";
        try (GreeterProcess greeter = new GreeterProcess("greeter"))
        {
            greeter.start();                                          // launches the backend JVM
            System.out.println("main: " + greeter.backend(Greeter.class).greet(who));
        }                                                             // stops it, removes its files
    }
}
