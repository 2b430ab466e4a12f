package io.tandem;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process whose backend runs command handlers concurrently, the counterpart of the tutorial's
 * {@code AsyncBackMessageProcess}: commands are taken off the queue in order but handled on a pool of
 * {@link #concurrency()} threads, so a slow handler does not hold up the others. A handler may return a
 * {@link java.util.concurrent.CompletableFuture}; a call is answered when it completes. A handler that
 * throws (or whose future fails) is logged and answered with an error reply; the backend keeps running.
 * On stop, handlers in flight finish (up to the stop timeout) before {@code postRun}.
 *
 * <pre>{@code
 * public interface Fetcher { CompletableFuture<String> fetch(String url); }
 *
 * public class FetchProcess extends AsyncMessageProcess implements Fetcher {
 *     private transient HttpClient http;
 *     public FetchProcess(String name) { super(name); }
 *     @Override protected void preRun() { http = HttpClient.newHttpClient(); }
 *     @Override public CompletableFuture<String> fetch(String url) {
 *         return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString())
 *                    .thenApply(HttpResponse::body);
 *     }
 * }
 * }</pre>
 *
 * Handlers share the process object: make what they touch thread-safe.
 */
public abstract class AsyncMessageProcess extends MessageProcess
{
    protected AsyncMessageProcess(final String name)
    {
        super(name);
    }

    protected AsyncMessageProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    /** @return how many handlers may run at once in the backend (default 8). */
    protected int concurrency()
    {
        return 8;
    }

    @Override
    final ExecutorService newCommandExecutor()
    {
        final int threads = concurrency();
        if (threads < 1)
        {
            throw new IllegalStateException("concurrency() must be at least 1, got " + threads);
        }
        final AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r ->
        {
            final Thread t = new Thread(r, name() + "-handler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
