"""Rings and arrays shared with real Java processes (io.tandem.perf.python.PythonPeer), both directions."""

import json
import os
import signal
import threading
import time

import numpy as np
import pytest

import tandem
from tandem.layout import Doorbell, Ring as L
from tandem.peer import Pattern


def _double(bits):
    return float(np.array([bits], dtype=np.int64).view(np.float64)[0])


@pytest.mark.parametrize("policy", ["block", "overwrite"])
def test_python_consumer_reads_a_java_producers_frames(root, java, policy):
    path = os.path.join(root, "java-ring")
    frames = 300
    peer = java("ring-producer", path, policy, 64, 512, frames, 1)
    peer.await_line("READY")
    ring = tandem.attach_ring(path=path, timeout=10)
    assert (ring.policy, ring.slot_count, ring.slot_size) == (policy, 64, 512)
    consumer = ring.consumer("py")
    pattern = Pattern(ring.slot_size)
    good = 0
    shaped_seen = bad_seen = False
    while not bad_seen:  # the frame with the bad shape header is the last one
        frame = consumer.receive(timeout=10.0)
        assert frame is not None, f"no frame after {good} (dropped {consumer.dropped})"
        if frame.tag == 1_000_001:
            dtype, dims, user = frame.shape_header()
            image = frame.image().ravel().copy()
            if consumer.release():
                assert (dtype, dims, user) == (np.dtype(np.int8), (4, 5, 3), 12345)
                assert np.array_equal(image, np.arange(60, dtype=np.int8) - 30)
                shaped_seen = True
        elif frame.tag == 1_000_002:
            with pytest.raises(tandem.ShapeHeaderError, match="rank 9"):
                frame.image()
            assert consumer.release()
            bad_seen = True
        else:
            ok = frame.sequence < frames and pattern.matches(frame)
            if consumer.release():
                assert ok, f"frame {frame.sequence} intact but not the pattern"
                good += 1
    assert consumer.position == frames + 2
    assert good + shaped_seen + bad_seen + consumer.dropped == frames + 2  # every frame consumed or counted dropped
    if policy == "block":
        assert good == frames and shaped_seen and consumer.dropped == 0
    result = peer.await_json()
    assert result["published"] == frames + 2
    stats = [c for c in ring.consumers() if c["name"] == "py"][0]
    assert stats["consumed"] == consumer.consumed and stats["dropped"] == consumer.dropped
    consumer.close()
    ring.close()
    assert peer.finish() == 0
    assert not os.path.exists(path)  # the Java creator removed it


@pytest.mark.parametrize("policy", ["block", "overwrite"])
def test_java_consumer_reads_a_python_producers_frames(root, java, policy):
    ring = tandem.create_ring(os.path.join(root, "py-ring"), slots=16, slot_size=300, policy=policy)
    frames = 500
    peer = java("ring-consumer", ring.path, "java", frames, 30000)
    peer.await_line("READY")
    producer = ring.producer(timeout=10.0)
    pattern = Pattern(ring.slot_size)
    for _ in range(frames):
        s = producer.position
        claim = producer.claim()
        n = 1 + (s * 37) % ring.slot_size
        claim.data[:n] = pattern.expected(s, n)  # filled through the numpy view of the slot
        claim.publish(length=n, tag=(s * 3) & 0x7FFFFFFF, timestamp=s * 1000 + 7)
    result = peer.await_json()
    assert result["corrupt"] == 0
    assert result["consumed"] + result["dropped"] == frames
    if policy == "block":
        assert result["consumed"] == frames
    assert peer.finish() == 0
    producer.close()
    ring.close()


def test_python_reads_java_arrays_of_every_type(root, java):
    peer = java("arrays-make", root=root)
    made = json.loads(peer.await_line('{"arrays"'))["arrays"]
    peer.await_line("READY")
    assert {a["numpy"] for a in made} >= {"int8", "int16", "int32", "int64", "float32", "float64"}
    for spec in made:
        arr = tandem.attach_array(spec["name"], root=root, timeout=5)
        assert arr.dtype == np.dtype(spec["numpy"]), spec
        assert list(arr.shape) == spec["shape"]
        assert arr.element_code == spec["code"]
        raw = arr.view(np.uint8).ravel().astype(np.int64)
        assert int((raw * np.arange(1, raw.size + 1)).sum()) == spec["checksum"], spec["name"]
        if spec["name"] == "cube":
            assert np.array_equal(arr.ravel(), np.arange(24, dtype=np.int32) * 1000 - 7)
        else:
            k = np.arange(raw.size)
            expected = (k & 1) if spec["code"] == 10 else ((k * 7 + spec["code"]) & 0x3F)
            assert np.array_equal(raw, expected), spec["name"]
        if "sumBits" in spec:  # Java's typed accessors read the same values
            assert float(arr.astype(np.float64).sum()) == pytest.approx(_double(spec["sumBits"]), rel=1e-12), spec["name"]
    assert peer.finish() == 0


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "float32", "float64", "uint8", "uint16",
                                   "uint32", "bool", "float16"])
def test_java_attaches_arrays_python_creates(root, java, dtype):
    code = tandem.layout.code_of_dtype(dtype)
    peer = java("array-read", "from-py", code, 2, 3, 4, root=root)
    peer.await_line("READY")
    arr = tandem.create_array("from-py", dtype, (2, 3, 4), root=root)  # in the Java JVM's (only live) session
    values = (np.arange(24) % 2) if dtype == "bool" else (np.arange(24) - 11) if dtype[0] in "if" else np.arange(24)
    arr[:] = values.reshape(2, 3, 4).astype(dtype)
    peer.proc.stdin.write("go\n")
    peer.proc.stdin.flush()
    result = peer.await_json()
    if "unsupported" in result:
        peer.finish()
        pytest.skip(f"this Java build has no ElementType code {code} ({dtype}) yet (helper pyjava adds it)")
    raw = arr.view(np.uint8).ravel().astype(np.int64)
    assert result["code"] == code and result["shape"] == [2, 3, 4]
    assert result["checksum"] == int((raw * np.arange(1, raw.size + 1)).sum())
    if "sumBits" in result:
        assert _double(result["sumBits"]) == pytest.approx(float(arr.astype(np.float64).sum()), rel=1e-12)
    assert peer.finish() == 0


def _await(condition, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {timeout} s"
        time.sleep(0.002)


def _sleepers(ring):
    return ring.memory.load_int(L.DATA_BELL_OFFSET + Doorbell.SLEEPERS)


def test_python_producer_evicts_a_killed_java_consumer(root, java):
    ring = tandem.create_ring(os.path.join(root, "evict-java"), slots=4, slot_size=64, policy="block",
                              heartbeat_timeout=0.5)
    producer = ring.producer(timeout=10.0)
    peer = java("ring-stall-consumer", ring.path, "java-victim", 2)
    peer.await_line("READY")
    producer.publish(b"0")
    producer.publish(b"1")
    peer.await_line("STALLED")  # read 2 frames, now holds its entry without reading
    for _ in range(4):
        producer.publish(b"x")
    time.sleep(0.7)  # its heartbeat is now older than the timeout, but its process lives: it is not evicted
    assert producer.offer(b"y") == tandem.Producer.BACK_PRESSURED
    [entry] = ring.consumers()
    assert (entry["name"], entry["pid"], entry["alive"]) == ("java-victim", peer.proc.pid, True)
    peer.proc.send_signal(signal.SIGKILL)
    assert peer.proc.wait(10) == -signal.SIGKILL
    start = time.monotonic()
    for _ in range(10):
        producer.publish(b"z", timeout=10.0)  # the producer evicts the dead Java consumer and goes on
    assert time.monotonic() - start < 5.0
    assert ring.consumers_evicted == 1 and ring.consumers() == []
    producer.close()
    ring.close()


def test_a_python_sleeper_is_woken_by_a_java_publisher(root, java):
    ring = tandem.create_ring(os.path.join(root, "wake-python"), slots=8, slot_size=64, policy="block")
    consumer = ring.consumer("py-sleeper")
    peer = java("ring-publisher", ring.path)
    peer.await_line("READY")
    sequence_before = ring.memory.load_int(L.DATA_BELL_OFFSET + Doorbell.SEQUENCE)
    outcome = {}

    def sleep():
        start = time.monotonic()
        # up to 30 s: only the Java publisher's futex wake ends it early
        outcome["held_at_once"] = ring.data_bell.sleep(lambda: ring.producer_position > 0, 30e9)
        outcome["seconds"] = time.monotonic() - start

    sleeper = threading.Thread(target=sleep, daemon=True)
    sleeper.start()
    _await(lambda: _sleepers(ring) == 1, "the Python sleeper announced itself on the data bell")
    time.sleep(0.05)  # announced, re-checked, and (almost surely) in futex_wait now; either way it must wake
    peer.send("publish")
    peer.await_line("PUBLISHED 1")
    sleeper.join(10)
    assert not sleeper.is_alive(), "the Java publisher's ring did not wake the Python sleeper"
    assert outcome["held_at_once"] is False and outcome["seconds"] < 10
    # the Java ringer saw the Python sleeper in the count and moved the futex word
    assert ring.memory.load_int(L.DATA_BELL_OFFSET + Doorbell.SEQUENCE) != sequence_before
    frame = consumer.receive(timeout=5.0)
    assert frame is not None and Pattern(ring.slot_size).matches(frame) and consumer.release()
    peer.send("done")
    assert peer.finish() == 0
    consumer.close()
    ring.close()


def test_a_java_sleeper_is_woken_by_a_python_publisher(root, java):
    ring = tandem.create_ring(os.path.join(root, "wake-java"), slots=8, slot_size=64, policy="block")
    producer = ring.producer()
    peer = java("bell-sleeper", ring.path)
    peer.await_line("READY")
    _await(lambda: _sleepers(ring) == 1, "the Java sleeper announced itself on the data bell")
    time.sleep(0.05)
    sequence_before = ring.memory.load_int(L.DATA_BELL_OFFSET + Doorbell.SEQUENCE)
    start = time.monotonic()
    producer.publish(b"wake up")  # commit, then ring: a full fence, the sleepers count, the futex word, FUTEX_WAKE
    result = peer.await_json(timeout=20.0)
    assert ring.memory.load_int(L.DATA_BELL_OFFSET + Doorbell.SEQUENCE) != sequence_before, \
        "the Python publisher did not see the Java sleeper"
    assert result["slept"] is True and result["frame"] is True, result
    assert result["ms"] < 10_000 and time.monotonic() - start < 10, result  # woken, not its 30 s timeout
    assert peer.finish() == 0
    producer.close()
    ring.close()


def test_python_takes_over_the_producer_role_of_a_killed_java_producer(root, java):
    ring = tandem.create_ring(os.path.join(root, "takeover-java"), slots=8, slot_size=200, policy="block")
    consumer = ring.consumer("py-reader")
    peer = java("ring-publisher", ring.path)
    peer.await_line("READY")
    for k in range(3):
        peer.send("publish")
        peer.await_line(f"PUBLISHED {k + 1}")
    with pytest.raises(tandem.RingError, match=f"already has a producer: pid {peer.proc.pid}"):
        ring.producer()  # the live Java producer holds the role
    peer.proc.send_signal(signal.SIGKILL)
    assert peer.proc.wait(10) == -signal.SIGKILL
    assert ring.producer_status() == "dead" and ring.is_abandoned()
    producer = ring.producer()  # takes over the dead Java owner's role
    assert ring.producer_status() == "active" and producer.position == 3
    pattern = Pattern(ring.slot_size)
    s = producer.position
    n = 1 + (s * 37) % ring.slot_size
    producer.publish(pattern.expected(s, n), tag=(s * 3) & 0x7FFFFFFF, timestamp=s * 1000 + 7)
    for expected in range(4):  # the Java frames, then the Python one, in order and intact
        frame = consumer.receive(timeout=5.0)
        assert frame is not None and frame.sequence == expected and pattern.matches(frame)
        assert consumer.release()
    producer.close()
    consumer.close()
    ring.close()
