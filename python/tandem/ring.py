"""Tandem ring buffers from Python: the same file, protocol and rules as ``io.tandem.ringbuffer``.

A ring is one producer and up to ``max_consumers`` registered consumers, in any mix of Java and Python
processes. Frames are read in place: :attr:`Frame.data` is a numpy ``uint8`` view of the slot (zero-copy).

Example (consumer)::

    import tandem
    ring = tandem.attach_ring("frames")               # <root>/<session>/rings/frames
    with ring.consumer("py-mean") as consumer:
        while (frame := consumer.receive(timeout=1.0)) is not None:
            print(frame.sequence, frame.image().mean())   # (h, w, c) uint8 view from the shape header
            consumer.release()                          # False: it was overwritten while read (OVERWRITE)

Protocol (``RingBufferDescriptor``): a slot's stamp is a sequence lock. ``s + 1`` means frame ``s`` is
committed, ``-(s + 1)`` that it is being written, and an absolute value above ``s + 1`` that frame ``s`` was
overwritten (lapped). A reader loads the stamp (acquire), reads, fences (load-load) and loads the stamp again;
a change means what it read is torn and is never handed out as valid. See ``tandem._memory`` for what each
access costs on x86-64 and arm64.
"""

import os
import time

import numpy as np

from . import _files, _process
from ._memory import Doorbell
from .consumer import Consumer
from .errors import LayoutError
from .layout import BLOCK, OVERWRITE, Ring as L
from .producer import Producer


class RingBuffer:
    """A mapped ring file. Obtain with :func:`tandem.attach_ring` or :func:`tandem.create_ring`."""

    def __init__(self, handle, created=False):
        self.path = handle.path
        self._handle = handle
        self.memory = m = handle.memory
        self.created = created
        code = m.load_int_plain(L.POLICY_OFFSET)
        self.policy = {L.POLICY_BLOCK: BLOCK, L.POLICY_OVERWRITE: OVERWRITE}.get(code)
        self.slot_count = m.load_int_plain(L.SLOT_COUNT_OFFSET)
        self.slot_size = m.load_int_plain(L.SLOT_SIZE_OFFSET)
        self.slot_length = m.load_int_plain(L.SLOT_LENGTH_OFFSET)
        self.max_consumers = m.load_int_plain(L.MAX_CONSUMERS_OFFSET)
        self.slots_offset = m.load_plain(L.SLOTS_OFFSET_OFFSET)
        self.heartbeat_timeout_ns = m.load_plain(L.HEARTBEAT_TIMEOUT_OFFSET)
        problem = self._inconsistency(handle.file_length)
        if problem:
            self.close()
            raise LayoutError(f"ring buffer {self.path} has a corrupt header: {problem}")
        if handle.file_size > handle.file_length:
            self.close()
            raise LayoutError(f"ring buffer {self.path} is {handle.file_size} bytes, but its header says "
                              f"{handle.file_length}: it was changed by something other than Tandem")
        self.u8 = np.frombuffer(m.mm, dtype=np.uint8)
        self.data_bell = Doorbell(m, L.DATA_BELL_OFFSET)
        self.space_bell = Doorbell(m, L.SPACE_BELL_OFFSET)
        self._children = []

    def _inconsistency(self, file_length):
        if self.policy is None:
            return "unknown policy code"
        n = self.slot_count
        if n < L.MIN_SLOT_COUNT or n > L.MAX_SLOT_COUNT or n & (n - 1):
            return f"slot count {n} is not a power of two between {L.MIN_SLOT_COUNT} and {L.MAX_SLOT_COUNT}"
        if self.slot_size < 1 or self.slot_size > L.MAX_SLOT_SIZE:
            return f"slot size {self.slot_size} is out of range"
        if self.max_consumers < 1 or self.max_consumers > L.MAX_CONSUMERS_LIMIT:
            return f"max consumers {self.max_consumers} is out of range"
        if self.slot_length != L.slot_length(self.slot_size) or self.slots_offset != L.slots_offset(self.max_consumers) \
                or file_length != L.file_length(n, self.slot_size, self.max_consumers):
            return (f"slot length {self.slot_length}, slots offset {self.slots_offset} or file length {file_length} does "
                    f"not follow from {n} slots of {self.slot_size} bytes and {self.max_consumers} consumers")
        if self.heartbeat_timeout_ns <= 0:
            return f"heartbeat timeout {self.heartbeat_timeout_ns} ns"
        return None

    # ---- roles

    def consumer(self, name):
        """Registers a consumer named ``name`` (unique on the ring; UTF-8, 1 to 64 bytes); it joins at the newest frame.

        :raises ConsumerTableFullError: every entry is held by a live consumer.
        :raises RingError: a live consumer already has the name.
        """
        c = Consumer(self, name)
        self._children.append(c)
        return c

    def producer(self, timeout=None):
        """Takes the single-producer role (a dead owner's role is taken over).

        :param timeout: default seconds a BLOCK claim waits for space; None: twice the ring's heartbeat timeout,
            Java's default (a dead consumer is evicted within it).
        :raises RingError: another live process is the producer.
        """
        p = Producer(self, timeout)
        self._children.append(p)
        return p

    # ---- state

    @property
    def producer_position(self):
        """Frames published so far (the sequence of the next)."""
        return self.memory.load(L.PRODUCER_POSITION_OFFSET)

    def producer_status(self):
        """'none', 'active', 'closed' or 'dead', as Java's ``RingBuffer.producerStatus()``."""
        m = self.memory
        owner = m.load(L.PRODUCER_OWNER_OFFSET)
        if owner == 0:
            return "none" if m.load_int(L.PRODUCER_STATE_OFFSET) == L.PRODUCER_NONE else "closed"
        alive = _process.is_alive(-owner, 0) if owner < 0 else \
            _process.is_alive(owner, m.load(L.PRODUCER_START_TIME_OFFSET))
        return "active" if alive else "dead"

    def is_abandoned(self):
        """True if the producer closed or died: nothing more comes until another attaches."""
        return self.producer_status() in ("closed", "dead")

    def is_producer_closed(self):
        m = self.memory
        return m.load(L.PRODUCER_OWNER_OFFSET) == 0 and m.load_int(L.PRODUCER_STATE_OFFSET) != L.PRODUCER_NONE

    def consumers(self):
        """A snapshot of every registered consumer: list of dicts (name, pid, state, position, consumed, dropped, ...)."""
        m = self.memory
        out = []
        now = time.monotonic_ns()
        produced = self.producer_position
        for i in range(self._high_water()):
            e = L.consumer_entry_offset(i)
            word = m.load(e + L.CONSUMER_STATE_OFFSET)
            state = L.consumer_state(word)
            if state == L.CONSUMER_FREE:
                continue
            position = m.load(e + L.CONSUMER_POSITION_OFFSET)
            out.append({
                "index": i, "name": self._entry_name(e), "pid": m.load(e + L.CONSUMER_PID_OFFSET),
                "registered": state == L.CONSUMER_ACTIVE, "position": position,
                "consumed": m.load(e + L.CONSUMER_CONSUMED_OFFSET), "dropped": m.load(e + L.CONSUMER_DROPPED_OFFSET),
                "lag": max(0, produced - position),
                "heartbeat_age_ns": now - m.load(e + L.CONSUMER_HEARTBEAT_OFFSET),
                "alive": self._entry_alive(e)})
        return out

    @property
    def consumers_evicted(self):
        return self.memory.load(L.CONSUMERS_EVICTED_OFFSET)

    @property
    def producer_blocked_count(self):
        return self.memory.load(L.PRODUCER_BLOCKED_COUNT_OFFSET)

    def close(self):
        """Closes every consumer and producer made from it, then unmaps (views handed out keep their pages)."""
        for child in list(getattr(self, "_children", [])):
            child.close()
        self._children = []
        self.u8 = None
        self._handle.close()

    def unlink(self):
        """Removes the ring's file (the creator's job when it is done)."""
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return (f"RingBuffer({self.path}, {self.slot_count} slots of {self.slot_size} bytes, policy {self.policy}, "
                f"room for {self.max_consumers} consumers)")

    # ---- consumer table (ConsumerTable's logic)

    def _high_water(self):
        return min(self.memory.load_int(L.CONSUMER_HIGH_WATER_OFFSET), self.max_consumers)

    def _entry_name(self, entry):
        m = self.memory
        n = max(0, min(L.MAX_CONSUMER_NAME_LENGTH, m.load_int_plain(entry + L.CONSUMER_NAME_LENGTH_OFFSET)))
        return m.bytes_at(entry + L.CONSUMER_NAME_OFFSET, n).decode("utf-8", "replace")

    def _entry_alive(self, entry):
        m = self.memory
        return _process.is_alive(m.load(entry + L.CONSUMER_PID_OFFSET), m.load(entry + L.CONSUMER_START_TIME_OFFSET))

    def _evict(self, entry, word):
        m = self.memory
        if m.cas(entry + L.CONSUMER_STATE_OFFSET, word,
                 L.consumer_state_word(L.consumer_generation(word), L.CONSUMER_FREE)):
            m.fetch_add(L.CONSUMERS_EVICTED_OFFSET, 1)
            return True
        return False

    def _evict_dead(self, now_ns, registering_too):
        m = self.memory
        evicted = 0
        for i in range(self._high_water()):
            e = L.consumer_entry_offset(i)
            word = m.load(e + L.CONSUMER_STATE_OFFSET)
            state = L.consumer_state(word)
            if state == L.CONSUMER_ACTIVE or (registering_too and state == L.CONSUMER_REGISTERING):
                age = now_ns - m.load(e + L.CONSUMER_HEARTBEAT_OFFSET)
                if age > self.heartbeat_timeout_ns and not self._entry_alive(e) and self._evict(e, word):
                    evicted += 1
        return evicted

    def _min_active_position(self, upper_bound):
        m = self.memory
        lowest = upper_bound
        for i in range(self._high_water()):
            e = L.consumer_entry_offset(i)
            # acquire: a position read after seeing "active" is this consumer's, not a previous occupant's
            if L.consumer_state(m.load(e + L.CONSUMER_STATE_OFFSET)) == L.CONSUMER_ACTIVE:
                p = m.load(e + L.CONSUMER_POSITION_OFFSET)
                if p < lowest:
                    lowest = p
        return lowest

    def _slowest(self, produced):
        regs = [c for c in self.consumers() if c["registered"]]
        return min(regs, key=lambda c: c["position"]) if regs else None


def attach_ring(name=None, *, path=None, session=None, root=None, timeout=1.0):
    """Attaches to an existing ring: by ``name`` (found in ``<root>/<session>/rings/<name>``, every session of the
    user if ``session`` is None, a live one first) or by ``path``.

    Waits up to ``timeout`` seconds for it to exist and be ready.

    :raises NotFoundError: no such ring. :raises WrongMagicError, WrongVersionError, LayoutError: not a usable ring.
    :raises ValueError: an invalid name.
    """
    if path is None:
        if name is None:
            raise ValueError("attach_ring needs a name or path=")
        path = _files.find_resource("rings", name, session, root, timeout)
    handle = _files.attach_shared_file(os.fspath(path), L.MAGIC, L.LAYOUT_VERSION, "ring buffer", timeout)
    return RingBuffer(handle)


def create_ring(path_or_name, *, slots=1024, slot_size=4096, policy=BLOCK, max_consumers=64,
                heartbeat_timeout=5.0, session=None, root=None):
    """Creates a ring file Java's ``RingBuffer.attach`` opens: a path (contains '/'), or a name in a session's
    ``rings/`` directory (``session`` as in :func:`attach_ring`; None: the only live session).

    :raises FileExistsError: the name is taken. :raises ValueError: a bad geometry or name.
    """
    s = os.fspath(path_or_name)
    if os.sep in s:
        path = s
        _files.validate_name("ring name", os.path.basename(s))
    else:
        _files.validate_name("ring name", s)
        path = os.path.join(_files.session_dir(session, root), "rings", s)
    policy = str(policy).lower()
    if policy not in (BLOCK, OVERWRITE):
        raise ValueError(f"policy must be 'block' or 'overwrite', got {policy!r}")
    if slots < L.MIN_SLOT_COUNT or slots > L.MAX_SLOT_COUNT or slots & (slots - 1):
        raise ValueError(f"slots must be a power of two from {L.MIN_SLOT_COUNT} to {L.MAX_SLOT_COUNT}, got {slots}")
    if slot_size < 1 or slot_size > L.MAX_SLOT_SIZE:
        raise ValueError(f"slot_size must be 1 to {L.MAX_SLOT_SIZE} bytes, got {slot_size}")
    if max_consumers < 1 or max_consumers > L.MAX_CONSUMERS_LIMIT:
        raise ValueError(f"max_consumers must be 1 to {L.MAX_CONSUMERS_LIMIT}, got {max_consumers}")
    if heartbeat_timeout <= 0:
        raise ValueError(f"heartbeat_timeout must be > 0 seconds, got {heartbeat_timeout}")
    length = L.file_length(slots, slot_size, max_consumers)
    if length > L.MAX_FILE_LENGTH:
        raise ValueError(f"a ring of {slots} slots of {slot_size} bytes needs {length} bytes, more than 1 TiB")

    def init(m):
        m.store_int_plain(L.POLICY_OFFSET, L.POLICY_BLOCK if policy == BLOCK else L.POLICY_OVERWRITE)
        m.store_int_plain(L.SLOT_COUNT_OFFSET, slots)
        m.store_int_plain(L.SLOT_SIZE_OFFSET, slot_size)
        m.store_int_plain(L.SLOT_LENGTH_OFFSET, L.slot_length(slot_size))
        m.store_int_plain(L.MAX_CONSUMERS_OFFSET, max_consumers)
        m.store_plain(L.SLOTS_OFFSET_OFFSET, L.slots_offset(max_consumers))
        m.store_plain(L.HEARTBEAT_TIMEOUT_OFFSET, int(heartbeat_timeout * 1e9))

    _files.ensure_dir(os.path.dirname(path) or ".")
    handle = _files.create_shared_file(path, L.MAGIC, L.LAYOUT_VERSION, length, init)
    return RingBuffer(handle, created=True)
