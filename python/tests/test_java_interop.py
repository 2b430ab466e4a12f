"""Rings and arrays shared with real Java processes (io.tandem.perf.python.PythonPeer), both directions."""

import json
import os

import numpy as np
import pytest

import tandem
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
