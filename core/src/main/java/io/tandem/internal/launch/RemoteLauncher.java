package io.tandem.internal.launch;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Runs a backend on another host, through a tandem node: what {@code ProcessOptions.remote(...)} asks for. Implemented
 * by the {@code tandem-remote} artifact (found with {@link ServiceLoader}), so core carries no transport.
 */
public interface RemoteLauncher
{
    /**
     * Asks the node for the backend and bridges the process's local queues to it. Returns once the node accepted.
     *
     * @return a handle on the remote backend.
     * @throws io.tandem.failure.TandemException if the node refused (naming the node and its reason) or is unreachable.
     */
    BackendHandle launch(RemoteSpec spec);

    /**
     * @return the launcher on the class path.
     * @throws IllegalStateException naming the missing artifact if there is none.
     */
    static RemoteLauncher find()
    {
        final Iterator<RemoteLauncher> found = ServiceLoader.load(RemoteLauncher.class, RemoteLauncher.class.getClassLoader()).iterator();
        if (!found.hasNext())
        {
            throw new IllegalStateException("a remote process needs the io.tandem:tandem-remote artifact on the class " +
                "path (no " + RemoteLauncher.class.getName() + " service found): add it as a dependency");
        }
        return found.next();
    }
}
