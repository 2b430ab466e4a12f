"""The ring's single producer from Python (``io.tandem.ringbuffer.RingProducer``'s behaviour), and its claims.

Example::

    producer = ring.producer()
    claim = producer.claim(timeout=1.0)
    claim.shaped(np.uint8, (480, 640, 3), user_value=42)[:] = pixels
    claim.publish(tag=7)
"""

import time

import numpy as np

from . import _process
from ._memory import full_fence, store_store_fence
from .consumer import _ns
from .errors import RingError, RingTimeoutError
from .frame import write_shape_header
from .layout import BLOCK, FrameShape, Ring as L

_EVICTION_CHECK_INTERVAL_NS = 10_000_000


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
