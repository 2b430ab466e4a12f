"""The Python side of Tandem's cross-language tests and of ``./tandem perf python``: ``python3 -m tandem.peer <command>``.

Commands (each prints ``READY`` once registered, and one JSON line at the end)::

    check  --path P --name N [--stall-after K] [--mode receive|poll|mixed] [--timeout S] [--hold-every K]
        reads frames of the pattern below until the producer closes (or the timeout), checking every byte;
        prints {"consumed", "dropped", "corrupt", "torn", "start", "position", ...}. --stall-after K: after K
        frames, stop reading and sleep (a consumer that will be killed). --hold-every K: in receive mode, hold every
        frame whose sequence is a multiple of K for 0.2 ms before reading it (an OVERWRITE producer laps it meanwhile:
        what is read is torn, and release() must say so).
    produce --path P --frames F [--timeout S] [--hold]
        publishes F frames of the pattern (a Python producer for a Java consumer), then closes the producer;
        --hold: prints ``HOLDING <position>`` and keeps the producer role for the timeout first (a producer to kill).
    bench
        a command loop on stdin for the benchmark: ``ring <path> <name> <seconds>`` reads the ring for that long,
        copying each frame into a private buffer, ``copy <bytes> <seconds> [<chunks>]`` copies frames of that many
        bytes from a private source of ``chunks`` frames (taken in turn) into a private buffer for that long
        (numpy's own copy rate over the same working set), ``quit``; each prints
        ``RATE <frames/s> <GB/s> <frames> <cpu seconds>`` (the CPU time of the thread that did the work, so that a
        window whose process was descheduled on a busy machine can be told from a slow consumer).

The frame pattern (``FramePattern`` in Java): frame ``s`` of a ring with slot size ``S`` has length
``1 + (s * 37) % S``, tag ``(s * 3) & 0x7fffffff``, timestamp ``s * 1000 + 7``, and byte ``i`` equal to
``(s * 31 + i * 7) & 0xFF``: every byte derives from the sequence, so a torn frame cannot pass the check.
"""

import argparse
import json
import sys
import time

import numpy as np

import tandem


def pattern_length(sequence, slot_size):
    return 1 + (sequence * 37) % slot_size


class Pattern:
    """Expected frame bytes for a slot size, vectorised: ``base[i] = (i * 7) & 0xFF``, plus ``s * 31`` mod 256."""

    def __init__(self, slot_size):
        self.slot_size = slot_size
        self.base = ((np.arange(slot_size, dtype=np.int64) * 7) & 0xFF).astype(np.uint8)

    def expected(self, sequence, length):
        return self.base[:length] + np.uint8((sequence * 31) & 0xFF)

    def matches(self, frame):
        s = frame.sequence
        if frame.length != pattern_length(s, self.slot_size) or frame.tag != (s * 3) & 0x7FFFFFFF or \
                frame.timestamp != s * 1000 + 7:
            return False
        return bool(np.array_equal(frame.data, self.expected(s, frame.length)))


def _out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def check(args):
    ring = tandem.attach_ring(path=args.path, timeout=args.attach_timeout)
    consumer = ring.consumer(args.name)
    pattern = Pattern(ring.slot_size)
    _out("READY")
    counts = {"checked": 0, "corrupt": 0, "torn": 0}
    deadline = time.monotonic() + args.timeout
    stalled = False

    def handle(frame):
        # poll hands out a checked copy (OVERWRITE) or the slot itself (BLOCK): either way it must match
        counts["checked"] += 1
        if not pattern.matches(frame):
            counts["corrupt"] += 1

    turn = 0
    while time.monotonic() < deadline:
        if args.stall_after is not None and consumer.consumed >= args.stall_after:
            stalled = True
            _out("STALLED")
            time.sleep(args.timeout)
            break
        mode = args.mode if args.mode != "mixed" else ("receive" if turn % 2 == 0 else "poll")
        turn += 1
        if mode == "poll":
            limit = 1 if args.stall_after is not None else 64
            if consumer.poll(handle, limit) == 0:
                frame = consumer.receive(timeout=0.05)
                if frame is None:
                    if ring.is_abandoned() and consumer.lag == 0:
                        break
                    continue
                ok = pattern.matches(frame)
                if consumer.release():
                    counts["checked"] += 1
                    counts["corrupt"] += 0 if ok else 1
                else:
                    counts["torn"] += 1
            continue
        frame = consumer.receive(timeout=0.05)
        if frame is None:
            if ring.is_abandoned() and consumer.lag == 0:
                break
            continue
        if args.hold_every and frame.sequence % args.hold_every == 0:
            time.sleep(0.0002)  # held a while before it is read: a producer that laps the ring overwrites it meanwhile
        ok = pattern.matches(frame)  # read every byte in place, then ask whether it stayed intact
        if consumer.release():
            counts["checked"] += 1
            counts["corrupt"] += 0 if ok else 1
        else:
            counts["torn"] += 1  # overwritten while read: discarded, counted as dropped
    result = dict(counts, consumed=consumer.consumed, dropped=consumer.dropped, start=consumer.start_position,
                  position=consumer.position, stalled=stalled)
    consumer.close()
    ring.close()
    _out(json.dumps(result))


def produce(args):
    ring = tandem.attach_ring(path=args.path, timeout=args.attach_timeout)
    producer = ring.producer(timeout=args.timeout)
    pattern = Pattern(ring.slot_size)
    _out("READY")
    for s in range(producer.position, producer.position + args.frames):
        claim = producer.claim()
        n = pattern_length(s, ring.slot_size)
        claim.data[:n] = pattern.expected(s, n)
        claim.publish(length=n, tag=(s * 3) & 0x7FFFFFFF, timestamp=s * 1000 + 7)
    position = producer.position
    if args.hold:
        _out(f"HOLDING {position}")  # the producer role stays taken, for a test that kills this process
        time.sleep(args.timeout)
    producer.close()
    ring.close()
    _out(json.dumps({"published": args.frames, "position": position}))


def _rate(frames, nbytes, seconds, cpu_seconds):
    seconds = max(seconds, 1e-9)
    return f"RATE {frames / seconds:.1f} {nbytes / seconds / 1e9:.4f} {frames} {cpu_seconds:.6f}"


def bench(_args):
    rings = {}
    _out("READY")
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "quit":
            break
        if parts[0] == "ring":
            path, name, seconds = parts[1], parts[2], float(parts[3])
            ring = rings.get(path) or rings.setdefault(path, tandem.attach_ring(path=path, timeout=10))
            private = np.empty(ring.slot_size, dtype=np.uint8)
            consumer = ring.consumer(name)
            _out("REGISTERED")
            state = [0, 0]

            def touch(frame, private=private, state=state):
                n = frame.length
                np.copyto(private[:n], frame.data)  # every byte read once, into private memory
                state[0] += 1
                state[1] += n

            # timed from the first frame, as the Java consumers of the ring benchmark are
            while consumer.poll(touch, 1) == 0:
                consumer.receive(timeout=1.0) and consumer.release()
            state[0] = state[1] = 0
            cpu_start = time.thread_time()
            start = time.perf_counter()
            end = start + seconds
            while True:
                if consumer.poll(touch, 256) == 0:
                    frame = consumer.receive(timeout=0.01)
                    if frame is not None:
                        touch(frame)
                        consumer.release()
                now = time.perf_counter()
                if now >= end:
                    break
            cpu = time.thread_time() - cpu_start
            consumer.close()
            _out(_rate(state[0], state[1], now - start, cpu))
        elif parts[0] == "copy":
            # numpy's own copy of the same bytes: frames of `size` bytes from a private source as large as the
            # ring's slots (`chunks` frames, taken in turn, so the working set is the ring's, not a cache-hot
            # buffer), each into one private destination, as the consumer copies each frame
            size, seconds = int(parts[1]), float(parts[2])
            chunks = int(parts[3]) if len(parts) > 3 else 1
            src = np.full(size * chunks, 7, dtype=np.uint8)
            sources = [src[j * size:(j + 1) * size] for j in range(chunks)]
            dst = np.empty(size, dtype=np.uint8)
            batch = 64 if size < 65536 else 1
            frames = 0
            cpu_start = time.thread_time()
            start = time.perf_counter()
            end = start + seconds
            while True:
                for _ in range(batch):
                    np.copyto(dst, sources[frames % chunks])
                    frames += 1
                now = time.perf_counter()
                if now >= end:
                    break
            _out(_rate(frames, frames * size, now - start, time.thread_time() - cpu_start))
        else:
            _out(f"ERROR unknown command {parts[0]!r}")
    for ring in rings.values():
        ring.close()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m tandem.peer")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check")
    c.add_argument("--path", required=True)
    c.add_argument("--name", required=True)
    c.add_argument("--stall-after", type=int)
    c.add_argument("--mode", choices=["receive", "poll", "mixed"], default="mixed")
    c.add_argument("--timeout", type=float, default=60.0)
    c.add_argument("--attach-timeout", type=float, default=10.0)
    c.add_argument("--hold-every", type=int, default=0)
    p = sub.add_parser("produce")
    p.add_argument("--path", required=True)
    p.add_argument("--frames", type=int, required=True)
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--attach-timeout", type=float, default=10.0)
    p.add_argument("--hold", action="store_true")
    sub.add_parser("bench")
    args = parser.parse_args(argv)
    {"check": check, "produce": produce, "bench": bench}[args.command](args)


if __name__ == "__main__":
    main()
