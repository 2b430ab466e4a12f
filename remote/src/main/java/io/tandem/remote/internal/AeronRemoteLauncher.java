package io.tandem.remote.internal;

import io.tandem.internal.launch.BackendHandle;
import io.tandem.internal.launch.RemoteLauncher;
import io.tandem.internal.launch.RemoteSpec;

/** The {@link RemoteLauncher} of {@code tandem-remote}: a {@link RemoteBackend} over Aeron. Found by ServiceLoader. */
public final class AeronRemoteLauncher implements RemoteLauncher
{
    @Override
    public BackendHandle launch(final RemoteSpec spec)
    {
        return RemoteBackend.start(spec);
    }
}
