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
from ._memory import Doorbell, full_fence, load_load_fence, store_store_fence
from .errors import (ConsumerEvictedError, ConsumerTableFullError, LayoutError, RingError, RingTimeoutError,
                     ShapeHeaderError)
from .layout import FrameShape, Ring as L, code_of_dtype, dtype_of_code

BLOCK = "block"
OVERWRITE = "overwrite"

_DUTY_CYCLE_CALLS = 64
_PRODUCER_CHECK_INTERVAL_NS = 50_000_000
_EVICTION_CHECK_INTERVAL_NS = 10_000_000
_RELEASE_BYTES = 64 * 1024
_MAX_REGISTRATION_ATTEMPTS = 200


def _ns(timeout):
    if timeout is None:
        return None
    if timeout < 0:
        raise ValueError(f"timeout must be >= 0 seconds, got {timeout}")
    return int(timeout * 1e9)


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


class Frame:
    """One frame, read in place: valid until the consumer's :meth:`Consumer.release` (check its result).

    ``data`` is a numpy uint8 view of the payload (zero-copy); ``tag``, ``timestamp`` (the producer's, ns),
    ``length`` (bytes) and ``sequence`` come from the slot header.
    """

    __slots__ = ("sequence", "data", "length", "tag", "timestamp")

    def __init__(self, sequence, data, length, tag, timestamp):
        self.sequence = sequence
        self.data = data
        self.length = length
        self.tag = tag
        self.timestamp = timestamp

    def shape_header(self):
        """``(dtype, dims, user_value)`` from the frame's shape header, or None if the payload has none (no magic).

        :raises ShapeHeaderError: the magic is there but the header is invalid.
        """
        return parse_shape_header(self.data)

    @property
    def user_value(self):
        """The shape header's user value as int64, or None without a shape header."""
        h = self.shape_header()
        return None if h is None else h[2]

    @property
    def user_value_float(self):
        """The shape header's user value read as float64 bits (Java: ``Double.doubleToRawLongBits``)."""
        h = self.shape_header()
        return None if h is None else float(np.array([h[2]], dtype=np.int64).view(np.float64)[0])

    def image(self):
        """The payload after the shape header as an ndarray of its dtype and dims (zero-copy view).

        :raises ShapeHeaderError: no shape header, or an invalid one (never a wrong view).
        """
        h = parse_shape_header(self.data)
        if h is None:
            raise ShapeHeaderError(f"frame {self.sequence} has no shape header (its payload of {self.length} bytes does "
                                   f"not start with the magic 0x{FrameShape.MAGIC:08x})")
        dtype, dims, _ = h
        count = int(np.prod(dims))
        return self.data[FrameShape.DATA_OFFSET:FrameShape.DATA_OFFSET + count * dtype.itemsize].view(dtype).reshape(dims)

    array = image

    def tobytes(self):
        return self.data.tobytes()

    def __repr__(self):
        return f"Frame(sequence={self.sequence}, length={self.length}, tag={self.tag}, timestamp={self.timestamp})"


def parse_shape_header(data):
    """Parses the 32-byte shape header at the start of ``data`` (uint8 array); None if it does not start with one."""
    n = len(data)
    if n < FrameShape.HEADER_LENGTH:
        return None
    head = data[:FrameShape.HEADER_LENGTH]
    if int(head[:4].view(np.uint32)[0]) != FrameShape.MAGIC:
        return None
    code = int(head[FrameShape.ELEMENT_TYPE_OFFSET])
    rank = int(head[FrameShape.RANK_OFFSET])
    dims_all = head[FrameShape.DIMS_OFFSET:FrameShape.DIMS_OFFSET + 16].view(np.int32)
    user = int(head[FrameShape.USER_VALUE_OFFSET:FrameShape.USER_VALUE_OFFSET + 8].view(np.int64)[0])
    dtype = dtype_of_code(code)
    if dtype is None:
        raise ShapeHeaderError(f"shape header has unknown element type code {code} (known: 1..11)")
    if rank < 1 or rank > FrameShape.MAX_RANK:
        raise ShapeHeaderError(f"shape header has rank {rank}; it must be 1 to {FrameShape.MAX_RANK}")
    dims = tuple(int(d) for d in dims_all[:rank])
    for axis, d in enumerate(dims):
        if d < 1:
            raise ShapeHeaderError(f"shape header dim {axis} is {d}; every dim below the rank must be >= 1")
    for axis in range(rank, FrameShape.MAX_RANK):
        if int(dims_all[axis]) != 0:
            raise ShapeHeaderError(f"shape header dim {axis} is {int(dims_all[axis])} beyond rank {rank}; it must be 0")
    need = FrameShape.HEADER_LENGTH + int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    if need > n:
        raise ShapeHeaderError(f"shape header says {dtype}{list(dims)}: {need} bytes with the header, but the payload "
                               f"is {n} bytes")
    return dtype, dims, user


def write_shape_header(buf, dtype, shape, user_value=0):
    """Writes a shape header into the uint8 array ``buf``; returns the data length after it (bytes)."""
    dtype = np.dtype(dtype)
    code = code_of_dtype(dtype)
    shape = tuple(int(d) for d in (shape if isinstance(shape, (tuple, list)) else (shape,)))
    if not 1 <= len(shape) <= FrameShape.MAX_RANK:
        raise ValueError(f"a frame shape has 1 to {FrameShape.MAX_RANK} dims, got {len(shape)}")
    for axis, d in enumerate(shape):
        if d < 1 or d > 2**31 - 1:
            raise ValueError(f"dim {axis} of shape {shape} is {d}; each must be 1 to 2^31-1")
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if FrameShape.HEADER_LENGTH + nbytes > len(buf):
        raise ValueError(f"{dtype}{list(shape)} needs {FrameShape.HEADER_LENGTH + nbytes} bytes with its shape header, "
                         f"but the slot holds {len(buf)}")
    head = buf[:FrameShape.HEADER_LENGTH]
    head[:4].view(np.uint32)[0] = FrameShape.MAGIC
    head[FrameShape.ELEMENT_TYPE_OFFSET] = code
    head[FrameShape.RANK_OFFSET] = len(shape)
    head[6:8] = 0
    dims = head[FrameShape.DIMS_OFFSET:FrameShape.DIMS_OFFSET + 16].view(np.int32)
    dims[:] = 0
    dims[:len(shape)] = shape
    uv = head[FrameShape.USER_VALUE_OFFSET:FrameShape.USER_VALUE_OFFSET + 8]
    if isinstance(user_value, float):
        uv.view(np.float64)[0] = user_value
    else:
        uv.view(np.int64)[0] = int(user_value)
    return nbytes


class Consumer:
    """A registered consumer (``RingConsumer``): reads every frame published after it joined, in order, in place.

    Use from one thread. Heartbeat: refreshed from its own calls (at most every 1/16 of the ring's heartbeat
    timeout, checked every 64 calls and on every pass of a wait). It is evicted only if its heartbeat is older
    than the timeout *and* its process is gone; an evicted consumer raises :class:`ConsumerEvictedError`.

    Example::

        c = ring.consumer("py-mean")
        n = c.poll(lambda f: total.append(f.data.sum()), limit=256)
        c.close()
    """

    def __init__(self, ring, name):
        self.ring = ring
        self.name = name
        raw = name.encode("utf-8") if isinstance(name, str) else None
        if not raw or len(raw) > L.MAX_CONSUMER_NAME_LENGTH:
            raise ValueError(f"consumer name {name!r} must be 1 to {L.MAX_CONSUMER_NAME_LENGTH} bytes of UTF-8")
        self._name_bytes = raw
        m = self._m = ring.memory
        self._u8 = ring.u8
        self._slots = ring.slots_offset
        self._mask = ring.slot_count - 1
        self._slot_length = ring.slot_length
        self._slot_size = ring.slot_size
        self._overwrite = ring.policy == OVERWRITE
        self._heartbeat_interval_ns = max(1, ring.heartbeat_timeout_ns // 16)
        self._closed = False
        self._evicted = False
        self._holding = False
        self._scratch = None
        self.index = self._register()
        self._entry = L.consumer_entry_offset(self.index)
        self._active_word = m.load(self._entry + L.CONSUMER_STATE_OFFSET)
        self.start_position = m.load(self._entry + L.CONSUMER_POSITION_OFFSET)
        self.position = self.start_position
        self._last_heartbeat = m.load(self._entry + L.CONSUMER_HEARTBEAT_OFFSET)
        self.consumed = 0
        self.dropped = 0
        self._duty = _DUTY_CYCLE_CALLS
        self._held_slot = 0
        self._held_stamp = 0
        self._unreleased = 0

    # ---- registration (ConsumerTable.register)

    def _register(self):
        ring, m, raw = self.ring, self._m, self._name_bytes
        for attempt in range(1, 10**9):
            now = time.monotonic_ns()
            ring._evict_dead(now, True)
            if not self._name_is_free(-1):
                self._back_off(attempt)
                continue
            index = self._claim_free_entry()
            e = L.consumer_entry_offset(index)
            registering = m.load(e + L.CONSUMER_STATE_OFFSET)
            m.store_plain(e + L.CONSUMER_PID_OFFSET, _process.current_pid())
            m.store_plain(e + L.CONSUMER_START_TIME_OFFSET, _process.current_start_time_ms())
            m.store_plain(e + L.CONSUMER_CONSUMED_OFFSET, 0)
            m.store_plain(e + L.CONSUMER_DROPPED_OFFSET, 0)
            m.store_int_plain(e + L.CONSUMER_NAME_LENGTH_OFFSET, len(raw))
            m.write_bytes(e + L.CONSUMER_NAME_OFFSET, raw)
            m.store(e + L.CONSUMER_HEARTBEAT_OFFSET, now)
            # release: a first, conservative position, in place before the entry can become active
            m.store(e + L.CONSUMER_POSITION_OFFSET, m.load(L.PRODUCER_POSITION_OFFSET))
            self._raise_high_water(index + 1)
            # StoreLoad: our name is visible before we look for a rival of the same name
            full_fence()
            if not self._name_is_free(index):
                m.cas(e + L.CONSUMER_STATE_OFFSET, registering,
                      L.consumer_state_word(L.consumer_generation(registering), L.CONSUMER_FREE))
                self._back_off(attempt)
                continue
            # full fence (CAS): from here on the producer's gating scan sees us
            if not m.cas(e + L.CONSUMER_STATE_OFFSET, registering,
                         L.consumer_state_word(L.consumer_generation(registering), L.CONSUMER_ACTIVE)):
                continue  # evicted while half-registered; start again
            # acquire: the producer's position after we became visible to it
            join_at = m.load(L.PRODUCER_POSITION_OFFSET)
            m.store(e + L.CONSUMER_POSITION_OFFSET, join_at)
            m.fetch_add(L.CONSUMERS_REGISTERED_OFFSET, 1)
            return index

    def _name_is_free(self, self_index):
        ring, m, raw = self.ring, self._m, self._name_bytes
        for i in range(ring._high_water()):
            if i == self_index:
                continue
            e = L.consumer_entry_offset(i)
            word = m.load(e + L.CONSUMER_STATE_OFFSET)
            state = L.consumer_state(word)
            if state == L.CONSUMER_FREE or m.load_int_plain(e + L.CONSUMER_NAME_LENGTH_OFFSET) != len(raw) or \
                    m.bytes_at(e + L.CONSUMER_NAME_OFFSET, len(raw)) != raw:
                continue
            if not ring._entry_alive(e):
                ring._evict(e, word)  # a consumer of the same name is back after its process died
                continue
            if state == L.CONSUMER_ACTIVE:
                if self_index >= 0:
                    se = L.consumer_entry_offset(self_index)
                    w = m.load(se + L.CONSUMER_STATE_OFFSET)
                    if L.consumer_state(w) != L.CONSUMER_FREE:
                        m.cas(se + L.CONSUMER_STATE_OFFSET, w,
                              L.consumer_state_word(L.consumer_generation(w), L.CONSUMER_FREE))
                raise RingError(f"ring buffer {ring.path}: a consumer named {self.name!r} is already registered by pid "
                                f"{m.load(e + L.CONSUMER_PID_OFFSET)}; consumer names are unique per ring (close that "
                                "one first, or pick another name)")
            return False
        return True

    def _claim_free_entry(self):
        ring, m = self.ring, self._m
        for i in range(ring.max_consumers):
            e = L.consumer_entry_offset(i)
            word = m.load(e + L.CONSUMER_STATE_OFFSET)
            if L.consumer_state(word) == L.CONSUMER_FREE and m.cas(
                    e + L.CONSUMER_STATE_OFFSET, word,
                    L.consumer_state_word(L.consumer_generation(word) + 1, L.CONSUMER_REGISTERING)):
                return i
        raise ConsumerTableFullError(f"ring buffer {ring.path}: all {ring.max_consumers} consumer entries are held by "
                                     "live consumers; close unused consumers, or create the ring with a larger "
                                     "max_consumers")

    def _raise_high_water(self, count):
        m = self._m
        while True:
            hw = m.load_int(L.CONSUMER_HIGH_WATER_OFFSET)
            if hw >= count or m.cas_int(L.CONSUMER_HIGH_WATER_OFFSET, hw, count):
                return

    def _back_off(self, attempt):
        if attempt >= _MAX_REGISTRATION_ATTEMPTS:
            raise RingError(f"ring buffer {self.ring.path}: could not register consumer {self.name!r}: another live "
                            "consumer kept registering under the same name")
        time.sleep(np.random.randint(50, 1000) / 1e6)

    # ---- reading

    def receive(self, timeout=1.0):
        """Waits up to ``timeout`` seconds for the next frame.

        :returns: the :class:`Frame`, read in place until :meth:`release`; None on timeout, or when the producer
            closed or died and everything it published has been read.
        :raises ConsumerEvictedError: this consumer was evicted.
        """
        self._check_ready()
        self._tick()
        frame = self._next_frame()
        if frame is not None:
            return frame
        timeout_ns = _ns(timeout)
        start = time.monotonic_ns()
        next_producer_check = start + _PRODUCER_CHECK_INTERVAL_NS
        nap = min(self._heartbeat_interval_ns, _PRODUCER_CHECK_INTERVAL_NS)
        spins = 0
        while True:
            if spins < 20:  # a short spin: a frame due within microseconds costs no system call
                spins += 1
            else:
                now = time.monotonic_ns()
                self.ring.data_bell.sleep(self._has_frame_or_news, min(nap, max(1, start + timeout_ns - now)))
            frame = self._next_frame()
            if frame is not None:
                return frame
            now = time.monotonic_ns()
            self._duty_cycle(now)
            if now - start >= timeout_ns:
                return None
            closed = self.ring.is_producer_closed()
            if closed or now >= next_producer_check:
                next_producer_check = now + _PRODUCER_CHECK_INTERVAL_NS
                if closed or self.ring.is_abandoned():
                    return self._next_frame()  # its frames are committed before it reads as gone: one last look

    def try_receive(self):
        """The next frame if published, else None, without waiting."""
        self._check_ready()
        self._tick()
        return self._next_frame()

    def _has_frame_or_news(self):
        return self._m.load(L.PRODUCER_POSITION_OFFSET) != self.position or self.ring.is_producer_closed()

    def has_frame(self):
        self._check_open()
        stamp = self._m.load(self._slots + (self.position & self._mask) * self._slot_length)
        return stamp == self.position + 1 or L.is_lapped(stamp, self.position)

    def release(self):
        """Releases the frame from :meth:`receive`: on a BLOCK ring the producer may reuse its slot now.

        :returns: True if the frame was intact the whole time; False if it was overwritten while read
            (OVERWRITE): discard what was read from it; it counts as dropped.
        """
        if not self._holding:
            raise RuntimeError(f"no frame to release ({self.name} on {self.ring.path})")
        self._holding = False
        # seqlock reader: the caller's reads of the slot complete before we look at the stamp again
        load_load_fence()
        intact = self._m.load(self._held_slot) == self._held_stamp
        if intact:
            self.consumed += 1
        else:
            if not self._overwrite:
                self._check_not_evicted()
            self.dropped += 1
        self.position += 1
        self._publish_progress()
        return intact

    def poll(self, handler, limit=256):
        """Hands up to ``limit`` published frames to ``handler(frame)``, in order, without waiting.

        BLOCK: each frame is read in place, released when the call returns (or once 64 KiB add up). OVERWRITE:
        each frame is first copied into a private buffer and checked, so the handler never sees a torn frame
        (one overwritten during the copy counts as dropped, not consumed).

        :returns: the number of frames handled.
        """
        self._check_ready()
        self._tick()
        m, u8 = self._m, self._u8
        slots, mask, slot_length, slot_size = self._slots, self._mask, self._slot_length, self._slot_size
        load, load_plain, load_int_plain = m.load, m.load_plain, m.load_int_plain
        count = released = 0
        skipped = False
        try:
            while count < limit:
                sequence = self.position
                slot = slots + (sequence & mask) * slot_length
                # acquire: the header and payload reads below see what the producer wrote before this stamp
                stamp = load(slot)
                if stamp != sequence + 1:
                    if L.is_lapped(stamp, sequence):
                        self._on_lapped(sequence)
                        skipped = True
                        continue
                    break
                length = load_int_plain(slot + L.SLOT_LENGTH_FIELD_OFFSET)
                tag = load_int_plain(slot + L.SLOT_TAG_OFFSET)
                timestamp = load_plain(slot + L.SLOT_TIMESTAMP_OFFSET)
                if length < 0 or length > slot_size:
                    self._check_torn(slot, stamp, sequence, length)
                    skipped = True
                    continue
                payload = slot + L.SLOT_HEADER_LENGTH
                if self._overwrite:
                    if self._scratch is None:
                        self._scratch = np.empty(slot_size, dtype=np.uint8)
                    data = self._scratch[:length]
                    np.copyto(data, u8[payload:payload + length])
                    # seqlock reader: the copy completes before we look at the stamp again
                    load_load_fence()
                    if load(slot) != stamp:
                        self.dropped += 1
                        self.position = sequence + 1
                        skipped = True
                        continue
                else:
                    data = u8[payload:payload + length]
                self.position = sequence + 1
                count += 1
                handler(Frame(sequence, data, length, tag, timestamp))
                self._unreleased += length
                if self._unreleased >= _RELEASE_BYTES:
                    self.consumed += count - released
                    released = count
                    self._unreleased = 0
                    skipped = False
                    self._publish_progress()
        finally:
            if count > released or skipped:
                self.consumed += count - released
                self._unreleased = 0
                self._publish_progress_unless_evicted()
        if self._evicted:
            raise self._evicted_error()
        return count

    def _next_frame(self):
        m, u8 = self._m, self._u8
        while True:
            sequence = self.position
            slot = self._slots + (sequence & self._mask) * self._slot_length
            # acquire: the header and payload reads below see what the producer wrote before this stamp
            stamp = m.load(slot)
            if stamp == sequence + 1:
                length = m.load_int_plain(slot + L.SLOT_LENGTH_FIELD_OFFSET)
                if length < 0 or length > self._slot_size:
                    self._check_torn(slot, stamp, sequence, length)
                    self._publish_progress()
                    continue
                payload = slot + L.SLOT_HEADER_LENGTH
                frame = Frame(sequence, u8[payload:payload + length], length,
                              m.load_int_plain(slot + L.SLOT_TAG_OFFSET), m.load_plain(slot + L.SLOT_TIMESTAMP_OFFSET))
                self._held_slot = slot
                self._held_stamp = stamp
                self._holding = True
                return frame
            if not L.is_lapped(stamp, sequence):
                return None
            self._on_lapped(sequence)
            self._publish_progress()

    def _on_lapped(self, sequence):
        if not self._overwrite:
            self._check_not_evicted()
            raise RingError(f"ring buffer {self.ring.path}: consumer {self.name!r} found frame {sequence} overwritten "
                            "on a BLOCK ring although it is registered; was the file written by something else?")
        # acquire: the newest committed frame is below the producer's position
        newest = self._m.load(L.PRODUCER_POSITION_OFFSET) - 1
        resume = max(sequence + 1, newest)
        self.dropped += resume - sequence
        self.position = resume

    def _check_torn(self, slot, stamp, sequence, length):
        load_load_fence()
        if self._m.load(slot) == stamp:
            raise RingError(f"ring buffer {self.ring.path} is corrupt: frame {sequence} has length {length} but slots "
                            f"hold at most {self._slot_size} bytes")
        self._on_lapped(sequence)

    def _publish_progress(self):
        if not self._publish_progress_unless_evicted():
            raise self._evicted_error()

    def _publish_progress_unless_evicted(self):
        m, e = self._m, self._entry
        # acquire: our own state word; a changed one means the entry was taken from us
        if self._evicted or m.load(e + L.CONSUMER_STATE_OFFSET) != self._active_word:
            self._mark_evicted()
            return False
        m.store(e + L.CONSUMER_CONSUMED_OFFSET, self.consumed)
        m.store(e + L.CONSUMER_DROPPED_OFFSET, self.dropped)
        # release: our reads of the slots below the position are done before the producer may see them free
        m.store(e + L.CONSUMER_POSITION_OFFSET, self.position)
        if not self._overwrite:
            self.ring.space_bell.ring()  # a BLOCK producer waiting for a free slot may sleep on it
        return True

    def _tick(self):
        self._duty -= 1
        if self._duty <= 0:
            self._duty = _DUTY_CYCLE_CALLS
            self._duty_cycle(time.monotonic_ns())

    def _duty_cycle(self, now):
        if now - self._last_heartbeat >= self._heartbeat_interval_ns:
            self._last_heartbeat = now
            # release: a plain progress signal; only its age matters to the reader
            self._m.store(self._entry + L.CONSUMER_HEARTBEAT_OFFSET, now)
            self._check_not_evicted()

    def _check_not_evicted(self):
        if self._m.load(self._entry + L.CONSUMER_STATE_OFFSET) != self._active_word:
            self._mark_evicted()
            raise self._evicted_error()

    def _mark_evicted(self):
        if not self._evicted:
            self._evicted = True
            self.close()

    def _evicted_error(self):
        return ConsumerEvictedError(
            f"consumer {self.name!r} of ring buffer {self.ring.path} was evicted: its heartbeat was older than "
            f"{self.ring.heartbeat_timeout_ns // 1_000_000} ms and its process looked gone (was it stopped, or is its "
            "pid invisible to the producer's process?); register again to rejoin at the newest frame")

    def _check_ready(self):
        self._check_open()
        if self._holding:
            raise RuntimeError(f"release frame {self.position} before reading the next one ({self.name} on "
                               f"{self.ring.path})")

    def _check_open(self):
        if self._closed:
            if self._evicted:
                raise self._evicted_error()
            raise RuntimeError(f"consumer {self.name!r} is closed ({self.ring.path})")

    @property
    def lag(self):
        """Frames published that this consumer has not read yet."""
        return max(0, self._m.load(L.PRODUCER_POSITION_OFFSET) - self.position)

    @property
    def closed(self):
        return self._closed

    @property
    def evicted(self):
        return self._evicted

    def close(self):
        """Deregisters: frees the entry; on a BLOCK ring it no longer holds the producer back."""
        if self._closed:
            return
        self._closed = True
        self._holding = False
        if not self._evicted and self.ring.memory is not None and self.ring._handle.memory is not None:
            w = self._active_word
            self._m.cas(self._entry + L.CONSUMER_STATE_OFFSET, w,
                        L.consumer_state_word(L.consumer_generation(w), L.CONSUMER_FREE))
        if self in self.ring._children:
            self.ring._children.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        state = ", evicted" if self._evicted else ", closed" if self._closed else ""
        return (f"Consumer({self.name!r} on {self.ring.path}, position={self.position}, consumed={self.consumed}, "
                f"dropped={self.dropped}{state})")


class FrameClaim:
    """A claimed slot (``FrameClaim``): write through :attr:`data` or :meth:`shaped`, then :meth:`publish` or :meth:`abort`.

    Example::

        claim = producer.claim(timeout=1.0)
        img = claim.shaped(np.uint8, (480, 640, 3), user_value=42)
        img[:] = pixels
        claim.publish(tag=7)
    """

    __slots__ = ("_producer", "sequence", "data", "_shaped_length")

    def __init__(self, producer, sequence, data):
        self._producer = producer
        self.sequence = sequence
        self.data = data
        self._shaped_length = None

    def shaped(self, dtype, shape, user_value=0):
        """Writes a shape header; returns an ndarray view (dtype, shape) of the slot after it."""
        dtype = np.dtype(dtype)
        nbytes = write_shape_header(self.data, dtype, shape, user_value)
        self._shaped_length = FrameShape.HEADER_LENGTH + nbytes
        shape = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
        return self.data[FrameShape.HEADER_LENGTH:FrameShape.HEADER_LENGTH + nbytes].view(dtype).reshape(shape)

    def publish(self, length=None, tag=0, timestamp=None):
        """Commits the frame. ``length`` defaults to the shaped length, or the whole slot.

        :returns: the new producer position (sequence + 1).
        """
        if length is None:
            length = self._shaped_length if self._shaped_length is not None else len(self.data)
        return self._producer._commit_claim(self, int(length), tag, timestamp)

    def abort(self):
        """Gives the slot up; nothing is published (the slot's stamp stays 'being written' until the next claim)."""
        self._producer._abort_claim(self)


class Producer:
    """The ring's single producer (``RingProducer``), across every process.

    BLOCK: :meth:`claim` and :meth:`publish` wait (sleeping on the space doorbell) while the slowest active
    consumer is a whole ring behind, evicting consumers whose process died, and raise
    :class:`RingTimeoutError` after the timeout; :meth:`offer` never waits (returns :data:`BACK_PRESSURED`).
    OVERWRITE: nothing waits.

    Example::

        with ring.producer() as p:
            p.publish(np.arange(16, dtype=np.uint8), tag=1)
    """

    BACK_PRESSURED = -2
    CLOSED = -4

    def __init__(self, ring, timeout=None):
        self.ring = ring
        if timeout is None:
            timeout = 2 * ring.heartbeat_timeout_ns / 1e9
        self._m = m = ring.memory
        self._u8 = ring.u8
        self._slots = ring.slots_offset
        self._mask = ring.slot_count - 1
        self._slot_length = ring.slot_length
        self._slot_size = ring.slot_size
        self._block = ring.policy == BLOCK
        self.default_timeout = timeout
        self._closed = False
        self._claim = None
        self._take_ownership()
        self.position = self._resume_position()
        self._gate_limit = self.position if self._block else 2**63 - 1

    def _take_ownership(self):
        m, pid = self._m, _process.current_pid()
        while True:
            owner = m.load(L.PRODUCER_OWNER_OFFSET)
            if owner != 0:
                alive = _process.is_alive(-owner, 0) if owner < 0 else \
                    _process.is_alive(owner, m.load(L.PRODUCER_START_TIME_OFFSET))
                if alive:
                    raise RingError(f"ring buffer {self.ring.path} already has a producer: pid {abs(owner)}"
                                    f"{' (this process)' if abs(owner) == pid else ''}; a ring has one producer at a "
                                    "time (close that one first)")
            if m.cas(L.PRODUCER_OWNER_OFFSET, owner, -pid):  # "taking over, start time not written yet"
                break
        m.store(L.PRODUCER_START_TIME_OFFSET, _process.current_start_time_ms())
        m.store(L.PRODUCER_HEARTBEAT_OFFSET, time.monotonic_ns())
        # release: the start time is visible before the owner reads as a plain pid
        m.store(L.PRODUCER_OWNER_OFFSET, pid)
        m.store_int(L.PRODUCER_STATE_OFFSET, L.PRODUCER_ACTIVE)

    def _resume_position(self):
        m = self._m
        resume = m.load(L.PRODUCER_POSITION_OFFSET)
        # a producer that died between committing a frame and storing its position left one frame beyond it
        if m.load(self._slots + (resume & self._mask) * self._slot_length) == resume + 1:
            resume += 1
            m.store(L.PRODUCER_POSITION_OFFSET, resume)
        return resume

    # ---- claiming

    def claim(self, timeout=None):
        """Claims the next slot, waiting (BLOCK) up to ``timeout`` seconds (default: the producer's).

        :raises RingTimeoutError: no slot was released in time.
        """
        slot = self._claim_slot(_ns(self.default_timeout if timeout is None else timeout), True)
        return self._make_claim(slot)

    def try_claim(self):
        """Claims the next slot if one is free now; None if the ring (BLOCK) is full."""
        slot = self._claim_slot(0, False)
        return None if slot is None else self._make_claim(slot)

    def _make_claim(self, slot):
        payload = slot + L.SLOT_HEADER_LENGTH
        self._claim = FrameClaim(self, self.position, self._u8[payload:payload + self._slot_size])
        self._claim_slot_offset = slot
        return self._claim

    def offer(self, data, tag=0, timestamp=None):
        """Copies ``data`` (bytes-like or ndarray) into a frame and publishes it if a slot is free now.

        :returns: the new position (> 0), :data:`BACK_PRESSURED` (BLOCK ring full) or :data:`CLOSED`.
        """
        src = self._source(data)
        if self._closed or self.ring.memory is None:
            return self.CLOSED
        slot = self._claim_slot(0, False)
        if slot is None:
            return self.BACK_PRESSURED
        return self._copy_in(slot, src, tag, timestamp)

    def publish(self, data, tag=0, timestamp=None, timeout=None):
        """Copies ``data`` into a frame and publishes it, waiting (BLOCK) up to ``timeout`` seconds for space.

        :returns: the new position. :raises RingTimeoutError: no slot was released in time.
        """
        src = self._source(data)
        slot = self._claim_slot(_ns(self.default_timeout if timeout is None else timeout), True)
        return self._copy_in(slot, src, tag, timestamp)

    def _source(self, data):
        src = data if isinstance(data, np.ndarray) else np.frombuffer(memoryview(data), dtype=np.uint8)
        if not src.flags.c_contiguous:
            src = np.ascontiguousarray(src)
        src = src.reshape(-1).view(np.uint8)
        if src.size > self._slot_size:
            raise ValueError(f"a frame of {src.size} bytes does not fit a slot of {self._slot_size} bytes "
                             f"({self.ring.path})")
        return src

    def _copy_in(self, slot, src, tag, timestamp):
        payload = slot + L.SLOT_HEADER_LENGTH
        n = src.size
        self._u8[payload:payload + n] = src
        return self._commit(slot, n, tag, timestamp) + 1

    def _claim_slot(self, timeout_ns, wait):
        if self._closed:
            raise RuntimeError(f"producer is closed ({self.ring.path})")
        if self._claim is not None:
            raise RuntimeError(f"the previous claim (sequence {self._claim.sequence}) was neither published nor "
                               f"aborted ({self.ring.path})")
        sequence = self.position
        if sequence >= self._gate_limit and not self._await_capacity(sequence, timeout_ns, wait):
            return None
        slot = self._slots + (sequence & self._mask) * self._slot_length
        # release: marks the slot "being written" (a reader of the frame it held will see it lapped)
        self._m.store(slot, -(sequence + 1))
        # seqlock writer: the "being written" stamp is visible before any payload byte changes
        store_store_fence()
        return slot

    def _commit_claim(self, claim, length, tag, timestamp):
        if claim is not self._claim:
            raise RuntimeError(f"this claim was already published or aborted ({self.ring.path})")
        if length < 0 or length > self._slot_size:
            raise ValueError(f"a frame of {length} bytes does not fit a slot of {self._slot_size} bytes "
                             f"({self.ring.path})")
        return self._commit(self._claim_slot_offset, length, tag, timestamp) + 1

    def _abort_claim(self, claim):
        if claim is not self._claim:
            raise RuntimeError(f"nothing to abort: this claim is not the open one ({self.ring.path})")
        self._claim = None

    def _commit(self, slot, length, tag, timestamp):
        m = self._m
        sequence = self.position
        m.store_int_plain(slot + L.SLOT_LENGTH_FIELD_OFFSET, length)
        m.store_int_plain(slot + L.SLOT_TAG_OFFSET, tag)
        m.store_plain(slot + L.SLOT_TIMESTAMP_OFFSET, time.monotonic_ns() if timestamp is None else timestamp)
        # release: payload, length, tag and timestamp are visible before the stamp says frame "sequence" is here
        m.store(slot, sequence + 1)
        # release: whoever reads the position finds every frame below it committed
        m.store(L.PRODUCER_POSITION_OFFSET, sequence + 1)
        self.ring.data_bell.ring()
        self.position = sequence + 1
        self._claim = None
        if sequence & (L.PRODUCER_HEARTBEAT_FRAMES - 1) == 0:
            m.store(L.PRODUCER_HEARTBEAT_OFFSET, time.monotonic_ns())
        return sequence

    def _scan_gate(self, sequence):
        # StoreLoad: our last position store is visible before we read the consumers' states (Dekker)
        full_fence()
        return self.ring._min_active_position(sequence) + self.ring.slot_count

    def has_space(self):
        return not self._block or self.position < self._scan_gate(self.position)

    def _await_capacity(self, sequence, timeout_ns, wait):
        ring, m = self.ring, self._m
        limit = self._scan_gate(sequence)
        if sequence < limit:
            self._gate_limit = limit
            return True
        start = time.monotonic_ns()
        last_eviction_check = start
        ring._evict_dead(start, False)
        limit = self._scan_gate(sequence)
        if sequence < limit:
            self._gate_limit = limit
            return True
        m.store(L.PRODUCER_BLOCKED_COUNT_OFFSET, m.load_plain(L.PRODUCER_BLOCKED_COUNT_OFFSET) + 1)
        if not wait:
            return False
        m.store(L.PRODUCER_HEARTBEAT_OFFSET, start)
        state = {"limit": 0}

        def ready():
            state["limit"] = self._scan_gate(sequence)
            return sequence < state["limit"]

        while True:
            now = time.monotonic_ns()
            nap = max(1, min(_EVICTION_CHECK_INTERVAL_NS, start + timeout_ns - now))
            if ring.space_bell.sleep(ready, nap) or ready():
                self._gate_limit = state["limit"]
                return True
            now = time.monotonic_ns()
            if now - last_eviction_check >= _EVICTION_CHECK_INTERVAL_NS:
                last_eviction_check = now
                m.store(L.PRODUCER_HEARTBEAT_OFFSET, now)
                if ring._evict_dead(now, False) > 0:
                    continue
            if now - start >= timeout_ns:
                slowest = ring._slowest(sequence)
                raise RingTimeoutError(
                    f"ring buffer {ring.path} is full: the producer waited {(now - start) / 1e9:.3f} s for a free slot "
                    f"for frame {sequence} ({ring.slot_count} slots); slowest consumer: "
                    f"{slowest if slowest else 'none (it just left)'}. A consumer is evicted only when its heartbeat "
                    f"is older than {ring.heartbeat_timeout_ns / 1e9:.1f} s and its process is gone; a live consumer "
                    "that does not poll blocks the producer (BLOCK policy)")

    @property
    def closed(self):
        return self._closed

    def close(self):
        """Gives up the producer role: consumers see the ring as abandoned ('closed') until another attaches."""
        if self._closed:
            return
        self._closed = True
        self._claim = None
        m = self._m
        if self.ring.memory is not None and self.ring._handle.memory is not None:
            m.store(L.PRODUCER_HEARTBEAT_OFFSET, time.monotonic_ns())
            # release: every frame we committed is visible to whoever sees "closed"
            m.store_int(L.PRODUCER_STATE_OFFSET, L.PRODUCER_CLOSED)
            m.cas(L.PRODUCER_OWNER_OFFSET, _process.current_pid(), 0)
            self.ring.data_bell.ring()
        if self in self.ring._children:
            self.ring._children.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"Producer({self.ring.path}, position={self.position}{', closed' if self._closed else ''})"


# ---- opening


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
