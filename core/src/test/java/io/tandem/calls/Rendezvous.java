package io.tandem.calls;

import java.util.concurrent.CompletableFuture;

/** Two calls that can only both succeed if their handlers run at the same time. */
public interface Rendezvous
{
    String meet(String who);

    CompletableFuture<String> meetLater(String who);

    void boom();
}
