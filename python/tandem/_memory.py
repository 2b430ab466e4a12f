"""Shared memory access with explicit ordering: atomics, fences and futexes, through ctypes only.

Why this is enough for the ring protocol (``RingBufferDescriptor``'s), and what each access needs:

**x86-64 (TSO).** Every aligned 8-byte load is atomic and has acquire semantics; every aligned 8-byte store
is atomic and has release semantics; the only reordering the CPU does is a store followed by a load of
another address (StoreLoad). So on x86-64 an *acquire load* is a plain load, a *release store* is a plain
store, and only a *full fence* (Dekker's StoreLoad: registering consumer vs. gating producer, doorbell
announce vs. re-check) needs a locked instruction. Plain loads and stores here are ``memoryview`` item
accesses of a ``'q'``/``'i'`` cast of the mapping: CPython's memoryview packs and unpacks an item with an
8- (or 4-) byte ``memcpy`` that the C compiler turns into one aligned ``mov``, and Python cannot reorder
them across its own bytecode (each is an opaque C call). The full fence is ``__atomic_fetch_add_8`` on a
private word (``lock xadd``), and compare-and-swap is libatomic's ``__atomic_compare_exchange_8``
(``lock cmpxchg``).

**arm64 (weakly ordered).** Loads and stores may be reordered in every direction, so every access the
protocol names goes through libatomic with a memory order: acquire loads are ``__atomic_load_8(p,
ACQUIRE)`` (``ldar``), release stores ``__atomic_store_8(p, v, RELEASE)`` (``stlr``), and the fences
(load-load before a stamp re-check, store-store after a "being written" stamp, the StoreLoad fences) are a
sequentially consistent ``__atomic_fetch_add_8`` on a private word, which arm64 implements fully ordered
(``ldaddal``, or ``ldaxr/stlxr`` + ``dmb ish``), as Linux's fully-ordered atomics are.

Which accesses are which (mirroring the Java code):

* release stores: a slot's committed stamp (after payload, length, tag, timestamp); the producer position
  (after the stamp); the "being written" stamp (then a store-store fence before the payload changes); a
  consumer's position (after its reads of the released slots); the common header's ready word (last);
  the producer owner word (after its start time); the producer state.
* acquire loads: a slot's stamp before reading the frame; the producer position; consumer state words and
  positions in the producer's gating scan; the ready word on attach.
* load-load fence: after reading a frame, before re-loading its stamp (seqlock reader).
* full fences: the producer before its gating scan (after its position store); a registering consumer
  between writing its entry and looking for rivals; a doorbell ringer between publishing and reading the
  sleeper count; a doorbell sleeper between announcing itself (atomic add) and re-checking.

Futexes: ``syscall(SYS_futex, addr, FUTEX_WAIT or FUTEX_WAKE, ...)`` from libc (SYS_futex is 202 on
x86-64, 98 on aarch64); shared (no FUTEX_PRIVATE_FLAG), since the word lives in a file mapped by several
processes. ctypes releases the GIL around the call, so a sleeping consumer does not stall other threads.
"""

import ctypes
import ctypes.util
import errno as _errno
import mmap
import os
import platform
import time

from . import layout as _layout

_MACHINE = platform.machine()
_X86 = _MACHINE in ("x86_64", "AMD64", "amd64")
_SYS_FUTEX = {"x86_64": 202, "amd64": 202, "AMD64": 202, "aarch64": 98, "arm64": 98}.get(_MACHINE)
_FUTEX_WAIT = 0
_FUTEX_WAKE = 1

_RELAXED, _ACQUIRE, _RELEASE, _SEQ_CST = 0, 2, 3, 5


def _load_libatomic():
    candidates = ["/usr/lib/x86_64-linux-gnu/libatomic.so.1", "/usr/lib/aarch64-linux-gnu/libatomic.so.1",
                  "libatomic.so.1", ctypes.util.find_library("atomic")]
    for name in candidates:
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    raise ImportError("tandem needs libatomic (libatomic.so.1, Debian package libatomic1) for its atomics; "
                      "it was not found")


_ATOMIC = _load_libatomic()
_u64p = ctypes.c_void_p
_ATOMIC.__atomic_load_8.argtypes = [_u64p, ctypes.c_int]
_ATOMIC.__atomic_load_8.restype = ctypes.c_int64
_ATOMIC.__atomic_store_8.argtypes = [_u64p, ctypes.c_int64, ctypes.c_int]
_ATOMIC.__atomic_store_8.restype = None
_ATOMIC.__atomic_load_4.argtypes = [_u64p, ctypes.c_int]
_ATOMIC.__atomic_load_4.restype = ctypes.c_int32
_ATOMIC.__atomic_store_4.argtypes = [_u64p, ctypes.c_int32, ctypes.c_int]
_ATOMIC.__atomic_store_4.restype = None
_ATOMIC.__atomic_compare_exchange_8.argtypes = [_u64p, _u64p, ctypes.c_int64, ctypes.c_int, ctypes.c_int]
_ATOMIC.__atomic_compare_exchange_8.restype = ctypes.c_bool
_ATOMIC.__atomic_compare_exchange_4.argtypes = [_u64p, _u64p, ctypes.c_int32, ctypes.c_int, ctypes.c_int]
_ATOMIC.__atomic_compare_exchange_4.restype = ctypes.c_bool
_ATOMIC.__atomic_fetch_add_8.argtypes = [_u64p, ctypes.c_int64, ctypes.c_int]
_ATOMIC.__atomic_fetch_add_8.restype = ctypes.c_int64
_ATOMIC.__atomic_fetch_add_4.argtypes = [_u64p, ctypes.c_int32, ctypes.c_int]
_ATOMIC.__atomic_fetch_add_4.restype = ctypes.c_int32

_FENCE_WORD = ctypes.c_int64(0)
_FENCE_ADDRESS = ctypes.addressof(_FENCE_WORD)
_fetch_add_8 = _ATOMIC.__atomic_fetch_add_8
_fetch_add_4 = _ATOMIC.__atomic_fetch_add_4
_cas_8 = _ATOMIC.__atomic_compare_exchange_8
_cas_4 = _ATOMIC.__atomic_compare_exchange_4
_load_8 = _ATOMIC.__atomic_load_8
_store_8 = _ATOMIC.__atomic_store_8
_load_4 = _ATOMIC.__atomic_load_4
_store_4 = _ATOMIC.__atomic_store_4


def full_fence():
    """StoreLoad (and every other) fence: a locked read-modify-write of a private word."""
    _fetch_add_8(_FENCE_ADDRESS, 0, _SEQ_CST)


if _X86:
    def load_load_fence():
        """x86-64 never reorders loads with loads: nothing to do beyond not being reordered by Python (it cannot)."""

    def store_store_fence():
        """x86-64 never reorders stores with stores."""
else:
    load_load_fence = full_fence
    store_store_fence = full_fence

_LIBC = ctypes.CDLL(None, use_errno=True)
_syscall = _LIBC.syscall
_syscall.restype = ctypes.c_long


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


FUTEX_AVAILABLE = _SYS_FUTEX is not None and os.environ.get("TANDEM_FUTEX", "true") != "false"


def futex_wait(address, expected, timeout_ns):
    """Sleeps while the 32-bit word at ``address`` holds ``expected``, at most ``timeout_ns``; may return early."""
    if not FUTEX_AVAILABLE:
        time.sleep(min(timeout_ns, 1_000_000) / 1e9)
        return
    ts = _Timespec(timeout_ns // 1_000_000_000, timeout_ns % 1_000_000_000)
    result = _syscall(ctypes.c_long(_SYS_FUTEX), ctypes.c_void_p(address), ctypes.c_long(_FUTEX_WAIT),
                      ctypes.c_long(expected & 0xFFFF_FFFF), ctypes.byref(ts), ctypes.c_void_p(0), ctypes.c_long(0))
    if result != 0:
        err = ctypes.get_errno()
        if err not in (_errno.EAGAIN, _errno.ETIMEDOUT, _errno.EINTR):
            raise OSError(err, "futex wait failed: " + os.strerror(err))


def futex_wake(address, count=2**31 - 1):
    """Wakes up to ``count`` sleepers on the 32-bit word at ``address``."""
    if FUTEX_AVAILABLE:
        _syscall(ctypes.c_long(_SYS_FUTEX), ctypes.c_void_p(address), ctypes.c_long(_FUTEX_WAKE),
                 ctypes.c_long(count), ctypes.c_void_p(0), ctypes.c_void_p(0), ctypes.c_long(0))


class Memory:
    """A writable shared mapping with ordered accesses by byte offset (8-aligned for longs, 4 for ints).

    ``load``/``store`` are acquire/release (plain on x86-64, see the module doc), ``load_plain``/``store_plain``
    carry no ordering; ``cas``/``fetch_add`` are sequentially consistent read-modify-writes.
    """

    def __init__(self, mm):
        self.mm = mm
        self.length = len(mm)
        self._anchor = ctypes.c_char.from_buffer(mm)
        self.address = ctypes.addressof(self._anchor)
        view = memoryview(mm)
        whole = self.length - self.length % 8
        self._view = view
        self._q = view[:whole].cast("q")
        self._i = view[:whole].cast("i")
        a = self.address
        if _X86:
            q, i = self._q, self._i

            def load(offset, _q=q):
                return _q[offset >> 3]

            def store(offset, value, _q=q):
                _q[offset >> 3] = value

            def load_int(offset, _i=i):
                return _i[offset >> 2]

            def store_int(offset, value, _i=i):
                _i[offset >> 2] = value
        else:
            ld8, st8, ld4, st4 = _load_8, _store_8, _load_4, _store_4

            def load(offset):
                return ld8(a + offset, _ACQUIRE)

            def store(offset, value):
                st8(a + offset, value, _RELEASE)

            def load_int(offset):
                return ld4(a + offset, _ACQUIRE)

            def store_int(offset, value):
                st4(a + offset, value, _RELEASE)
        self.load = load
        self.store = store
        self.load_int = load_int
        self.store_int = store_int

    # plain accesses: no ordering of their own (the protocol orders them with a release/acquire nearby)
    def load_plain(self, offset):
        return self._q[offset >> 3]

    def store_plain(self, offset, value):
        self._q[offset >> 3] = value

    def load_int_plain(self, offset):
        return self._i[offset >> 2]

    def store_int_plain(self, offset, value):
        self._i[offset >> 2] = value

    def cas(self, offset, expected, new):
        """Compare-and-swap of the long at ``offset``: True if it held ``expected`` and now holds ``new``."""
        exp = ctypes.c_int64(expected)
        return bool(_cas_8(self.address + offset, ctypes.addressof(exp), new,
                                                        _SEQ_CST, _SEQ_CST))

    def cas_int(self, offset, expected, new):
        exp = ctypes.c_int32(expected)
        return bool(_cas_4(self.address + offset, ctypes.addressof(exp), new,
                                                        _SEQ_CST, _SEQ_CST))

    def fetch_add(self, offset, delta):
        return _fetch_add_8(self.address + offset, delta, _SEQ_CST)

    def fetch_add_int(self, offset, delta):
        return _fetch_add_4(self.address + offset, delta, _SEQ_CST)

    def bytes_at(self, offset, length):
        return bytes(self._view[offset:offset + length])

    def write_bytes(self, offset, data):
        self._view[offset:offset + len(data)] = data

    def close(self):
        """Drops this object's exports of the mapping and closes it (numpy views still alive keep it mapped)."""
        self._q.release()
        self._i.release()
        self._view.release()
        del self._anchor
        self.load = self.store = self.load_int = self.store_int = None
        try:
            self.mm.close()
        except BufferError:
            pass  # a numpy view handed out still uses it; the mapping goes when the last view does


class Doorbell:
    """``io.tandem.idle.Doorbell`` at ``offset`` of a mapping: int sequence (the futex word), int sleepers, long rungAt.

    Sleeper: read sequence; sleepers += 1 (atomic, a full fence); if ready(): done; futex_wait(sequence);
    sleepers -= 1. Ringer: publish (release), full fence, if sleepers: rungAt = now, sequence += 1, futex_wake.
    """

    SEQUENCE = _layout.Doorbell.SEQUENCE
    SLEEPERS = _layout.Doorbell.SLEEPERS
    RUNG_AT = _layout.Doorbell.RUNG_AT

    def __init__(self, memory, offset):
        if offset % 8:
            raise ValueError(f"a doorbell must be 8-byte aligned, got offset {offset}")
        self.memory = memory
        self.offset = offset

    def ring(self):
        """Wakes every sleeper; call after publishing their work. Returns True if someone slept."""
        full_fence()
        m = self.memory
        if m.load_int(self.offset + self.SLEEPERS) == 0:
            return False
        m.store(self.offset + self.RUNG_AT, time.monotonic_ns())
        m.fetch_add_int(self.offset + self.SEQUENCE, 1)
        futex_wake(m.address + self.offset + self.SEQUENCE)
        return True

    def sleep(self, ready, max_ns):
        """Sleeps until rung or ``max_ns`` passed, unless ``ready()`` holds after announcing. True if it held."""
        m = self.memory
        sequence = m.load_int(self.offset + self.SEQUENCE)
        m.fetch_add_int(self.offset + self.SLEEPERS, 1)  # atomic: fences the announcement before the re-check
        try:
            if ready():
                return True
            futex_wait(m.address + self.offset + self.SEQUENCE, sequence, max(1, int(max_ns)))
            return False
        finally:
            m.fetch_add_int(self.offset + self.SLEEPERS, -1)


def map_file(fd, length):
    return mmap.mmap(fd, length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)


