package io.tandem.remote.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The cluster secret's file: a token of at least {@link #MIN_BYTES} bytes, readable by its owner only (0600), the same
 * on every host. Every problem is an {@link IllegalStateException} naming the path and the fix.
 */
public final class SecretFile
{
    /** System property: the secret file when none is given. */
    public static final String PROPERTY = "tandem.secret";
    /** The shortest token accepted. */
    public static final int MIN_BYTES = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFile()
    {
    }

    /** @return {@code -Dtandem.secret}, else {@code ~/.tandem/secret}. */
    public static Path defaultPath()
    {
        final String configured = System.getProperty(PROPERTY);
        return configured != null && !configured.isBlank() ? Paths.get(configured) :
            Paths.get(System.getProperty("user.home"), ".tandem", "secret");
    }

    /** @return the token in {@code file} (null: {@link #defaultPath()}), checked. */
    public static byte[] load(final Path file)
    {
        final Path path = file == null ? defaultPath() : file;
        final String fix = "create one with './tandem node --new-secret " + path + "' and copy it (mode 0600) to every host";
        try
        {
            final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (!OWNER_ONLY.equals(mode))
            {
                throw new IllegalStateException("cluster secret " + path + " has mode " + PosixFilePermissions.toString(mode) +
                    ": it must be readable by its owner only (chmod 600 " + path + ")");
            }
            final byte[] token = new String(Files.readAllBytes(path), StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8);
            if (token.length < MIN_BYTES)
            {
                throw new IllegalStateException("cluster secret " + path + " holds " + token.length + " bytes, fewer than " +
                    MIN_BYTES + ": too short to be a secret; " + fix);
            }
            return token;
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalStateException("no cluster secret at " + path + ": " + fix, ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the cluster secret " + path + " (" + ex + "): " + fix, ex);
        }
    }

    /**
     * Writes a new random token (64 hex digits) to {@code file}, created 0600.
     *
     * @throws IllegalStateException if the file exists (a secret is never overwritten) or cannot be written.
     */
    public static void create(final Path file)
    {
        final byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.write(file, (HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new IllegalStateException("a cluster secret exists at " + file + ": it is never overwritten (remove it " +
                "first if you mean to replace it on every host)", ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write a cluster secret to " + file + " (" + ex + ")", ex);
        }
    }
}
