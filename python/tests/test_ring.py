"""Rings made and read by Python alone: the protocol's rules, errors, eviction, doorbells, shape headers."""

import os
import signal
import struct
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import tandem
from tandem import layout
from tandem.peer import Pattern, pattern_length

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(tandem.__file__)))


def _ring(root, name="r", **kw):
    kw.setdefault("slots", 8)
    kw.setdefault("slot_size", 256)
    return tandem.create_ring(os.path.join(root, name), **kw)


def _publish_pattern(producer, count, slot_size):
    pattern = Pattern(slot_size)
    for _ in range(count):
        s = producer.position
        n = pattern_length(s, slot_size)
        producer.publish(pattern.expected(s, n), tag=(s * 3) & 0x7FFFFFFF, timestamp=s * 1000 + 7)


def test_block_ring_round_trip_in_place(root):
    with _ring(root) as ring:
        consumer = ring.consumer("c")
        producer = ring.producer()
        _publish_pattern(producer, 5, ring.slot_size)
        pattern = Pattern(ring.slot_size)
        frame = consumer.receive(timeout=1.0)
        assert frame.sequence == 0 and pattern.matches(frame)
        # zero-copy: the view is the mapped slot itself
        slot_payload = ring.slots_offset + layout.Ring.SLOT_HEADER_LENGTH
        assert frame.data.__array_interface__["data"][0] == ring.u8.__array_interface__["data"][0] + slot_payload
        assert consumer.release() is True
        seen = []
        assert consumer.poll(lambda f: seen.append(pattern.matches(f)), limit=10) == 4
        assert seen == [True] * 4
        assert (consumer.consumed, consumer.dropped, consumer.lag) == (5, 0, 0)
        entry = [c for c in ring.consumers() if c["name"] == "c"][0]
        assert entry["consumed"] == 5 and entry["position"] == 5 and entry["alive"]


def test_block_producer_waits_for_the_slowest_consumer(root):
    with _ring(root, slots=4) as ring:
        consumer = ring.consumer("slow")
        producer = ring.producer()
        for i in range(4):
            assert producer.offer(bytes([i])) == i + 1
        assert producer.offer(b"x") == tandem.Producer.BACK_PRESSURED
        with pytest.raises(tandem.RingTimeoutError, match="is full.*slowest consumer.*slow"):
            producer.publish(b"x", timeout=0.1)
        assert ring.producer_blocked_count >= 2
        # a release frees a slot and rings the space bell: a waiting publish goes through
        done = []
        t = threading.Thread(target=lambda: done.append(producer.publish(b"y", timeout=5.0)))
        t.start()
        time.sleep(0.05)
        assert consumer.receive(0.1).data.tobytes() == b"\x00"
        consumer.release()
        t.join(5)
        assert done == [5]


def test_overwrite_lapped_consumer_counts_drops_like_java(root):
    with _ring(root, slots=4, policy="overwrite") as ring:
        consumer = ring.consumer("lagging")
        producer = ring.producer()
        _publish_pattern(producer, 20, ring.slot_size)  # never blocks
        pattern = Pattern(ring.slot_size)
        got = []
        consumer.poll(lambda f: got.append((f.sequence, pattern.matches(f))), limit=100)
        assert got == [(19, True)]  # resumed at the newest frame
        assert consumer.dropped == 19 and consumer.consumed == 1
        assert consumer.consumed + consumer.dropped == producer.position


def test_frame_overwritten_while_held_is_reported_torn(root):
    with _ring(root, slots=2, policy="overwrite") as ring:
        consumer = ring.consumer("holder")
        producer = ring.producer()
        producer.publish(b"first")
        frame = consumer.receive(timeout=1.0)
        assert frame.data.tobytes() == b"first"
        producer.publish(b"second")
        producer.publish(b"third!")  # laps slot 0 while the consumer holds it
        assert frame.data.tobytes() == b"third"  # what an in-place read now sees: torn (5 of the new 6 bytes)
        assert consumer.release() is False
        assert (consumer.consumed, consumer.dropped) == (0, 1)


def test_consumer_table_full_and_duplicate_names_are_clear_errors(root):
    with _ring(root, max_consumers=2) as ring:
        ring.consumer("a")
        with pytest.raises(tandem.RingError, match="a consumer named 'a' is already registered by pid"):
            ring.consumer("a")
        ring.consumer("b")
        with pytest.raises(tandem.ConsumerTableFullError, match="all 2 consumer entries are held"):
            ring.consumer("c")
        with pytest.raises(ValueError, match="1 to 64 bytes"):
            ring.consumer("n" * 65)


def test_second_producer_is_refused(root):
    with _ring(root) as ring:
        ring.producer()
        with pytest.raises(tandem.RingError, match="already has a producer: pid .* \\(this process\\)"):
            ring.producer()


def test_evicted_consumer_gets_a_clear_exception(root):
    with _ring(root, heartbeat_timeout=0.2) as ring:
        consumer = ring.consumer("victim")
        producer = ring.producer()
        # what an evictor does to a dead consumer's entry: active(g) -> free(g)
        entry = layout.Ring.consumer_entry_offset(consumer.index) + layout.Ring.CONSUMER_STATE_OFFSET
        word = ring.memory.load(entry)
        assert ring.memory.cas(entry, word, layout.Ring.consumer_state_word(layout.Ring.consumer_generation(word), 0))
        producer.publish(b"x")
        assert consumer.receive(timeout=0.1) is not None  # as in Java, noticed when progress is published
        with pytest.raises(tandem.ConsumerEvictedError, match="consumer 'victim' .* was evicted"):
            consumer.release()
        assert consumer.evicted and consumer.closed
        with pytest.raises(tandem.ConsumerEvictedError):
            consumer.poll(lambda f: None)


def _child_consumer(path, name):
    code = (f"import sys, time; sys.path.insert(0, {PYTHON_DIR!r}); import tandem; "
            f"r = tandem.attach_ring(path={path!r}); c = r.consumer({name!r}); print('READY', flush=True); "
            "time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "READY"
    return child


def test_killed_consumer_process_is_evicted_and_block_producer_continues(root):
    with _ring(root, slots=4, heartbeat_timeout=0.3) as ring:
        child = _child_consumer(ring.path, "doomed")
        producer = ring.producer()
        for _ in range(4):
            producer.publish(b"f")
        assert producer.offer(b"f") == tandem.Producer.BACK_PRESSURED  # the child gates the producer
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        start = time.monotonic()
        for _ in range(20):
            producer.publish(b"g", timeout=10.0)
        assert time.monotonic() - start < 5.0
        assert ring.consumers_evicted == 1
        assert ring.consumers() == []


def test_dead_producer_is_taken_over(root):
    path = os.path.join(root, "takeover")
    code = (f"import sys, os; sys.path.insert(0, {PYTHON_DIR!r}); import tandem; "
            f"r = tandem.create_ring({path!r}, slots=4, slot_size=64); p = r.producer(); p.publish(b'a'); "
            "print('READY', flush=True); os.kill(os.getpid(), 9)")
    child = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, timeout=30)
    assert child.stdout.strip() == "READY"
    ring = tandem.attach_ring(path=path)
    try:
        assert ring.producer_status() == "dead" and ring.is_abandoned()
        producer = ring.producer()
        assert ring.producer_status() == "active"
        assert producer.position == 1
        producer.close()
        assert ring.producer_status() == "closed"
    finally:
        ring.close()
        os.unlink(path)


def test_receive_sleeps_on_the_data_doorbell_and_wakes_on_publish(root):
    with _ring(root) as ring:
        consumer = ring.consumer("sleeper")
        producer = ring.producer()
        got = []

        def wait():
            t0 = time.monotonic()
            f = consumer.receive(timeout=10.0)
            got.append((f.data.tobytes(), time.monotonic() - t0))
            consumer.release()

        t = threading.Thread(target=wait)
        t.start()
        time.sleep(0.3)  # the consumer is asleep in futex_wait by now
        sleepers = ring.memory.load_int(layout.Ring.DATA_BELL_OFFSET + 4)
        producer.publish(b"wake")
        t.join(10)
        assert got and got[0][0] == b"wake"
        assert 0.25 < got[0][1] < 2.0  # woken by the ring, not by the 10 s timeout
        assert sleepers == 1


def test_receive_returns_none_on_timeout_and_when_producer_closed(root):
    with _ring(root) as ring:
        consumer = ring.consumer("c")
        t0 = time.monotonic()
        assert consumer.receive(timeout=0.2) is None
        assert 0.15 < time.monotonic() - t0 < 2.0
        producer = ring.producer()
        producer.publish(b"last")
        producer.close()
        assert consumer.receive(timeout=5.0).data.tobytes() == b"last"
        consumer.release()
        t0 = time.monotonic()
        assert consumer.receive(timeout=5.0) is None
        assert time.monotonic() - t0 < 1.0  # the closed producer ends the wait, not the timeout


def test_shape_header_torn_by_an_overwrite_is_reported_as_overwritten_not_as_a_bad_header(root):
    with _ring(root, slots=2, slot_size=256, policy="overwrite") as ring:
        consumer = ring.consumer("torn-header")
        producer = ring.producer()
        for lapper in ("bad header", "no header"):
            claim = producer.claim()
            claim.shaped(np.uint8, (4, 4))
            claim.publish()
            frame = consumer.receive(timeout=1.0)
            assert frame.shape_header()[1] == (4, 4)
            producer.publish(b"x" * 48)
            claim = producer.claim()  # laps the held frame's slot while the consumer holds it
            if lapper == "bad header":
                claim.shaped(np.uint8, (4, 4))
                claim.data[5] = 9  # rank 9: what a reader of a half-written header could see
            else:
                claim.data[:4] = 0
            claim.publish(length=48)
            with pytest.raises(tandem.FrameOverwrittenError, match="overwritten while its shape header was read"):
                frame.image()
            if lapper == "bad header":
                with pytest.raises(tandem.FrameOverwrittenError):
                    frame.shape_header()
            assert consumer.release() is False
            assert consumer.try_receive().length == 48 and consumer.release()
            lapping = consumer.try_receive()  # the lapping frame itself, intact: a bad header is the producer's
            assert lapping.sequence == claim.sequence
            if lapper == "bad header":
                with pytest.raises(tandem.ShapeHeaderError, match="rank 9") as bad:
                    lapping.image()
                assert not isinstance(bad.value, tandem.FrameOverwrittenError)
            else:
                with pytest.raises(tandem.ShapeHeaderError, match="has no shape header") as bad:
                    lapping.image()
                assert not isinstance(bad.value, tandem.FrameOverwrittenError)
            assert consumer.release()


def test_shaped_frames_round_trip_and_bad_headers_are_errors(root):
    with _ring(root, slot_size=4096) as ring:
        consumer = ring.consumer("img")
        producer = ring.producer()
        claim = producer.claim(timeout=1.0)
        img = claim.shaped(np.uint8, (16, 20, 3), user_value=1.25)
        img[:] = np.arange(16 * 20 * 3, dtype=np.uint8).reshape(16, 20, 3)
        claim.publish(tag=5)
        frame = consumer.receive(timeout=1.0)
        view = frame.image()
        assert view.shape == (16, 20, 3) and view.dtype == np.uint8
        assert np.array_equal(view, np.arange(16 * 20 * 3, dtype=np.uint8).reshape(16, 20, 3))
        assert frame.user_value_float == 1.25 and frame.length == 32 + 960
        assert consumer.release()
        producer.publish(b"no header here")
        frame = consumer.receive(timeout=1.0)
        assert frame.shape_header() is None
        with pytest.raises(tandem.ShapeHeaderError, match="has no shape header"):
            frame.image()
        consumer.release()
        for patch, message in [((4, 99), "unknown element type code 99"), ((5, 0), "rank 0"),
                               ((5, 5), "rank 5"), ((8, 0), "dim 0 is 0")]:
            claim = producer.claim()
            claim.shaped(np.float32, (2, 2))
            offset, value = patch
            if offset == 8:
                claim.data[8:12].view(np.int32)[0] = value
            else:
                claim.data[offset] = value
            claim.publish()
            frame = consumer.receive(timeout=1.0)
            with pytest.raises(tandem.ShapeHeaderError, match=message):
                frame.image()
            consumer.release()
        claim = producer.claim()
        claim.shaped(np.float64, (10,))
        claim.publish(length=32 + 40)  # shorter than 10 float64 need
        frame = consumer.receive(timeout=1.0)
        with pytest.raises(tandem.ShapeHeaderError, match="112 bytes with the header, but the payload is 72"):
            frame.image()
        consumer.release()
        with pytest.raises(ValueError, match="needs .* bytes with its shape header"):
            producer.claim().shaped(np.uint8, (4096,))


def _write_header(path, magic, version=3, ready=1, length=4096):
    with open(path, "wb") as f:
        f.write(struct.pack("=qiiqqqqqq", magic, version, 0, length, 1, 0, 0, ready, 0))
        f.truncate(length)


def test_attach_checks_magic_version_ready_and_length(root):
    with pytest.raises(tandem.NotFoundError, match="does not exist"):
        tandem.attach_ring(path=os.path.join(root, "missing"), timeout=0)
    p = os.path.join(root, "bad")
    _write_header(p, layout.Array.MAGIC)
    with pytest.raises(tandem.WrongMagicError, match='"TNDARRAY".*not the magic .*"TNDMRING"'):
        tandem.attach_ring(path=p, timeout=0)
    _write_header(p, layout.Ring.MAGIC, version=2)
    with pytest.raises(tandem.WrongVersionError, match="layout version 2; this package reads version 3"):
        tandem.attach_ring(path=p, timeout=0)
    _write_header(p, layout.Ring.MAGIC, ready=0)
    t0 = time.monotonic()
    with pytest.raises(tandem.LayoutError, match="ready word is 0.*waited 0.2 s"):
        tandem.attach_ring(path=p, timeout=0.2)
    assert time.monotonic() - t0 >= 0.2
    _write_header(p, layout.Ring.MAGIC, length=8192)
    with pytest.raises(tandem.LayoutError, match="truncated: 8192 bytes|truncated: 4096 bytes, but its header says 8192"):
        with open(p, "r+b") as f:
            f.truncate(4096)
        tandem.attach_ring(path=p, timeout=0)
    _write_header(p, layout.Ring.MAGIC)  # a valid common header over a body of zeros
    with pytest.raises(tandem.LayoutError, match="corrupt header: slot count 0"):
        tandem.attach_ring(path=p, timeout=0)


def test_attach_by_name_searches_sessions(root):
    session = os.path.join(root, f"{os.getpid()}-1")
    ring = tandem.create_ring("frames", session=session, slots=4, slot_size=64)
    try:
        again = tandem.attach_ring("frames", root=root, timeout=0)
        assert again.path == ring.path and again.slot_count == 4
        again.close()
        with pytest.raises(tandem.NotFoundError, match="ring 'other' not found in any session under"):
            tandem.attach_ring("other", root=root, timeout=0)
    finally:
        ring.close()


def test_create_ring_refuses_bad_geometry_and_taken_names(root):
    with pytest.raises(ValueError, match="power of two"):
        _ring(root, slots=6)
    with pytest.raises(ValueError, match="policy must be"):
        _ring(root, policy="drop")
    ring = _ring(root, name="taken")
    try:
        with pytest.raises(FileExistsError):
            _ring(root, name="taken")
        assert sorted(os.listdir(root)) == ["taken"]  # no temporary file left behind
    finally:
        ring.close()


def test_aborted_claim_publishes_nothing_and_claims_must_be_closed(root):
    with _ring(root) as ring:
        consumer = ring.consumer("c")
        producer = ring.producer()
        claim = producer.claim()
        claim.data[:3] = [1, 2, 3]
        with pytest.raises(RuntimeError, match="previous claim .* neither published nor aborted"):
            producer.claim()
        claim.abort()
        assert consumer.try_receive() is None and producer.position == 0
        with pytest.raises(RuntimeError, match="already published or aborted"):
            claim.publish()
        assert producer.offer(np.array([9, 8], dtype=np.uint8), tag=4, timestamp=11) == 1
        frame = consumer.try_receive()
        assert (frame.sequence, frame.data.tolist(), frame.tag, frame.timestamp) == (0, [9, 8], 4, 11)
        assert consumer.release()
        with pytest.raises(ValueError, match="does not fit a slot of 256 bytes"):
            producer.offer(bytes(257))
        producer.close()
        assert producer.offer(b"x") == tandem.Producer.CLOSED
