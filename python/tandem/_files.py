"""Where Tandem's files live, and the common shared-file header: attach with checks, create atomically.

Layout of the runtime directory (``io.tandem.internal.runtime``)::

    <root>/<pid>-<startMillis>/          one session per frontend JVM
        rings/<name>                     ring buffers
        arrays/<name>                    shared arrays

``<root>`` is ``/dev/shm/tandem-<user>`` unless ``TANDEM_ROOT`` (Java: ``-Dtandem.root``) names another.
"""

import getpass
import os
import re
import struct
import time

from . import _process
from ._memory import Memory, map_file
from .errors import LayoutError, NotFoundError, WrongMagicError, WrongVersionError
from .layout import SharedFile as H

MAX_NAME_LENGTH = 64
_ALLOWED = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*\Z")
_SESSION = re.compile(r"(\d+)-(\d+)\Z")
_HEADER = struct.Struct("=qiiqqqqqq")  # magic, version, reserved, length, pid, start, created, ready, reserved
_RETRY_S = 0.001


def validate_name(kind, name):
    """Checks a ring or array name as Java's ``Names.validate`` does; raises ValueError saying why not."""
    problem = None
    if not isinstance(name, str) or not name:
        problem = "it is empty"
    elif len(name) > MAX_NAME_LENGTH:
        problem = f"it is {len(name)} characters long"
    elif "/" in name or "\\" in name:
        problem = "it contains a path separator"
    elif ".." in name:
        problem = "it contains '..'"
    elif not _ALLOWED.match(name):
        problem = "it contains characters outside the allowed set (or starts with '.' or '-')"
    if problem:
        raise ValueError(f"invalid {kind} {name!r}: {problem}; use 1 to {MAX_NAME_LENGTH} characters from "
                         "A-Z a-z 0-9 . _ - , not starting with '.' or '-'")
    return name


def runtime_root(root=None):
    """The directory every Tandem session of this user lives under."""
    if root:
        return os.fspath(root)
    env = os.environ.get("TANDEM_ROOT")
    if env:
        return env
    try:
        user = getpass.getuser()
    except Exception:  # no user name (container without passwd entry): what Java's default would be
        user = "user"
    return os.path.join("/dev/shm", "tandem-" + user)


def session_is_live(session_dir):
    """True if the session directory's name is ``<pid>-<startMillis>`` of a running process."""
    m = _SESSION.match(os.path.basename(os.path.normpath(session_dir)))
    return bool(m) and _process.is_alive(int(m.group(1)), int(m.group(2)))


def list_sessions(root=None):
    """Session directories under the root, live ones first, newest first."""
    base = runtime_root(root)
    try:
        names = [n for n in os.listdir(base) if _SESSION.match(n) and os.path.isdir(os.path.join(base, n))]
    except FileNotFoundError:
        return []
    dirs = [os.path.join(base, n) for n in names]
    return sorted(dirs, key=lambda d: (not session_is_live(d), -int(_SESSION.match(os.path.basename(d)).group(2))))


def session_dir(session=None, root=None):
    """The session directory: ``session`` as a path, or as a name under the root; None: the only live one."""
    if session is not None:
        s = os.fspath(session)
        if os.sep in s:
            return s
        return os.path.join(runtime_root(root), s)
    live = [d for d in list_sessions(root) if session_is_live(d)]
    if len(live) == 1:
        return live[0]
    if not live:
        raise NotFoundError(f"no live Tandem session under {runtime_root(root)}: start the Java side first, or pass "
                            "session= (a session directory or its name <pid>-<startMillis>)")
    raise NotFoundError(f"{len(live)} live Tandem sessions under {runtime_root(root)} ({', '.join(live)}): pass session= "
                        "to choose one")


def find_resource(kind, name, session=None, root=None, timeout=0.0):
    """Finds ``<session>/<kind>/<name>``; without a session, in every session of the root (a live one first).

    Waits up to ``timeout`` seconds for it to appear. Raises NotFoundError naming where it looked.
    """
    validate_name(kind[:-1] + " name", name)
    deadline = time.monotonic() + timeout
    while True:
        if session is not None:
            candidates = [os.path.join(session_dir(session, root), kind, name)]
        else:
            candidates = [os.path.join(d, kind, name) for d in list_sessions(root)]
        found = [c for c in candidates if os.path.exists(c)]
        if found:
            return found[0]
        if time.monotonic() >= deadline:
            where = candidates[0] if session is not None else \
                f"any session under {runtime_root(root)} ({len(candidates)} sessions)"
            raise NotFoundError(f"{kind[:-1]} {name!r} not found in {where}" +
                                (f" (waited {timeout:g} s)" if timeout else ""))
        time.sleep(0.005)


def _ascii(value):
    raw = struct.pack("<q", value)
    return "".join(chr(b) if 32 <= b < 127 else "." for b in raw)


class SharedFileHandle:
    """A mapped Tandem shared file: its path, its :class:`Memory`, and the header fields."""

    def __init__(self, path, memory, file_length, file_size, creator_pid, creator_start_ms, created_ms):
        self.path = path
        self.memory = memory
        self.file_length = file_length
        self.file_size = file_size
        self.creator_pid = creator_pid
        self.creator_start_ms = creator_start_ms
        self.created_ms = created_ms

    def close(self):
        if self.memory is not None:
            self.memory.close()
            self.memory = None


class _NotReady(Exception):
    pass


def attach_shared_file(path, magic, version, kind, timeout=1.0):
    """Maps an existing Tandem file, checked as Java's ``SharedFile.attach`` checks it.

    Waits up to ``timeout`` seconds while it is missing, empty, or not ready yet; fails at once on a wrong
    magic, a wrong version, a truncated file or a corrupt header.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            return _try_attach(path, magic, version, kind)
        except _NotReady as e:
            if time.monotonic() >= deadline:
                cls = NotFoundError if "does not exist" in str(e) else LayoutError
                raise cls(f"{kind} {path} {e}" + (f" (waited {timeout:g} s)" if timeout else "")) from None
            time.sleep(_RETRY_S)


def _try_attach(path, magic, version, kind):
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        raise _NotReady("does not exist") from None
    except PermissionError as e:
        raise LayoutError(f"{kind} {path} cannot be opened for reading and writing: permission denied (Tandem's files "
                          "are mode 0600, for their creator's user only)") from e
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            raise _NotReady("is empty: its creator has not written it yet, or it is not a Tandem file")
        if size < 8:
            raise LayoutError(f"{kind} {path} is only {size} bytes long, shorter than the {H.HEADER_LENGTH}-byte header")
        raw = os.pread(fd, H.HEADER_LENGTH, 0)
        found = struct.unpack_from("=q", raw, 0)[0]
        if found == 0:
            raise _NotReady("is not initialised (its magic number is 0): its creator has not finished, or it is not "
                            "a Tandem file")
        if found != magic:
            raise WrongMagicError(f"{kind} {path} starts with 0x{found & 0xFFFFFFFFFFFFFFFF:016x} (\"{_ascii(found)}\"), "
                                  f"not the magic 0x{magic:016x} (\"{_ascii(magic)}\")")
        if size < H.HEADER_LENGTH:
            raise LayoutError(f"{kind} {path} is truncated: {size} bytes, shorter than the {H.HEADER_LENGTH}-byte header")
        _, found_version, _, file_length, pid, start_ms, created_ms, ready, _ = _HEADER.unpack_from(raw, 0)
        if ready == H.NOT_READY:
            raise _NotReady("is not initialised (its ready word is 0): its creator has not finished")
        if found_version != version:
            raise WrongVersionError(f"{kind} {path} has layout version {found_version}; this package reads version "
                                    f"{version} (use the same Tandem version on both sides)")
        if ready != H.READY:
            raise LayoutError(f"{kind} {path} has a corrupt header: its ready word is 0x{ready:x}, not {H.READY}")
        if file_length < H.HEADER_LENGTH:
            raise LayoutError(f"{kind} {path} has a corrupt header: its file length is {file_length}")
        if size < file_length:
            raise LayoutError(f"{kind} {path} is truncated: {size} bytes, but its header says {file_length}")
        mm = map_file(fd, file_length)
    finally:
        os.close(fd)
    memory = Memory(mm)
    # acquire: pairs with the creator's release of READY, so the body read after this is complete
    if memory.load(H.READY_OFFSET) != H.READY or memory.load_plain(H.MAGIC_OFFSET) != magic or \
            memory.load_plain(H.FILE_LENGTH_OFFSET) != file_length:
        memory.close()
        raise LayoutError(f"{kind} {path} changed while it was being attached")
    return SharedFileHandle(path, memory, file_length, size, pid, start_ms, created_ms)


_TEMP_COUNTER = [0]


def create_shared_file(path, magic, version, length, init):
    """Makes a file as Java's ``SharedFile.createAtomically``: temp name, body, header, ready word last, link.

    ``init(memory)`` writes the body. Raises FileExistsError if ``path`` exists (nothing is left behind).
    """
    if length < H.HEADER_LENGTH:
        raise ValueError(f"a shared file holds at least its {H.HEADER_LENGTH}-byte header, not {length}")
    directory, base = os.path.split(path)
    _TEMP_COUNTER[0] += 1
    temp = os.path.join(directory, f".{base}.tmp-{os.getpid()}-py{_TEMP_COUNTER[0]}")
    fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    memory = None
    try:
        try:
            os.posix_fallocate(fd, 0, length)  # reserve the space now: a full tmpfs is an error here, not a SIGBUS later
        except OSError as e:
            raise OSError(e.errno, f"{path} cannot be created ({length} bytes): {e.strerror}") from None
        mm = map_file(fd, length)
        memory = Memory(mm)
        init(memory)
        memory.store_plain(H.MAGIC_OFFSET, magic)
        memory.store_int_plain(H.LAYOUT_VERSION_OFFSET, version)
        memory.store_plain(H.FILE_LENGTH_OFFSET, length)
        memory.store_plain(H.CREATOR_PID_OFFSET, _process.current_pid())
        memory.store_plain(H.CREATOR_START_TIME_OFFSET, _process.current_start_time_ms())
        memory.store_plain(H.CREATED_TIME_OFFSET, int(time.time() * 1000))
        # release: whoever acquires READY sees the body and every header field above
        memory.store(H.READY_OFFSET, H.READY)
        os.link(temp, path)  # link(2): atomic, and fails if the name is taken
    except BaseException:
        if memory is not None:
            memory.close()
        raise
    finally:
        os.close(fd)
        try:
            os.unlink(temp)
        except OSError:
            pass
    return SharedFileHandle(path, memory, length, length, _process.current_pid(), _process.current_start_time_ms(),
                            int(time.time() * 1000))


def ensure_dir(path):
    os.makedirs(path, mode=0o700, exist_ok=True)
