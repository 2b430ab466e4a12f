package io.tandem.remote;

import io.tandem.remote.internal.SecretFile;

import java.nio.file.Path;

/**
 * The cluster secret: a random token in a file readable by its owner only (0600), the same file on every host of a
 * cluster. Frontends sign their requests to nodes with it (HmacSHA256), nodes sign their answers. A missing file, one
 * with other permissions or a token shorter than 32 bytes is refused with a message naming the path and the fix.
 *
 * <pre>{@code
 * ClusterSecret.create(Path.of("/etc/tandem/secret"));   // once; then copy the file (mode 0600) to every host
 * ClusterSecret.check(Path.of("/etc/tandem/secret"));    // throws, naming the problem, if it is unusable
 * }</pre>
 * From the command line: {@code ./tandem node --new-secret FILE}.
 */
public final class ClusterSecret
{
    /** System property naming the secret file used when none is given. */
    public static final String PROPERTY = SecretFile.PROPERTY;

    private ClusterSecret()
    {
    }

    /** @return {@code -Dtandem.secret}, else {@code ~/.tandem/secret}. */
    public static Path defaultFile()
    {
        return SecretFile.defaultPath();
    }

    /**
     * Writes a new random secret to {@code file}, created with mode 0600.
     *
     * @throws IllegalStateException if the file exists (never overwritten) or cannot be written.
     */
    public static void create(final Path file)
    {
        SecretFile.create(file);
    }

    /**
     * Checks that {@code file} holds a usable secret.
     *
     * @throws IllegalStateException naming the path and the fix if it is missing, too short or not 0600.
     */
    public static void check(final Path file)
    {
        SecretFile.load(file);
    }
}
