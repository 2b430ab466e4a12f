"""A registered ring consumer from Python (``io.tandem.ringbuffer.RingConsumer``'s behaviour).

Example::

    consumer = tandem.attach_ring("frames").consumer("py-mean")
    frame = consumer.receive(timeout=1.0)
    ok = consumer.release()
"""

import time

import numpy as np

from . import _process
from ._memory import full_fence, load_load_fence
from .errors import ConsumerEvictedError, ConsumerTableFullError, RingError
from .frame import Frame
from .layout import OVERWRITE, Ring as L

_DUTY_CYCLE_CALLS = 64
_PRODUCER_CHECK_INTERVAL_NS = 50_000_000
_RELEASE_BYTES = 64 * 1024
_MAX_REGISTRATION_ATTEMPTS = 200


def _ns(timeout):
    if timeout is None:
        return None
    if timeout < 0:
        raise ValueError(f"timeout must be >= 0 seconds, got {timeout}")
    return int(timeout * 1e9)


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
        (one overwritten during the copy counts as dropped, not consumed). Either way ``frame.data`` is valid only
        during the handler's call (the slot is released, or the private buffer reused, afterwards): copy what you keep.

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
                              m.load_int_plain(slot + L.SLOT_TAG_OFFSET), m.load_plain(slot + L.SLOT_TIMESTAMP_OFFSET),
                              m if self._overwrite else None, slot, stamp)
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
