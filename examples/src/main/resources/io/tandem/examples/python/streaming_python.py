"""The Python half of ``./tandem example streaming-python`` (started by StreamingPythonExample, script on stdin).

    python3 - consume <ring path> <label>            the NumPy consumer: mean brightness of each frame, checked
                                                      against the value the producer wrote in the shape header
    python3 - produce <ring path> <label> <seconds> <frames per second, 0: as fast as the ring takes them>
                      <n: write a wrong mean into every n-th header, a fault the consumer must catch; 0: never>

Prints "ready" once attached, a line per second, then "summary ..."; exits 1 if a frame failed its check.
Frames with tag 1 are images (uint8, 480 x 640 x 3, user value = their mean as a float64); tag 2 ends the stream.
"""
import os
import sys
import time

try:
    import numpy as np
except ImportError:
    print("numpy is missing: pip install numpy (or apt-get install python3-numpy)", flush=True)
    sys.exit(3)
import tandem

IMAGE, END = 1, 2
HEIGHT, WIDTH, CHANNELS = 480, 640, 3
PARENT = os.getppid()


def images(count=16):
    """``count`` RGB images of different brightness and their exact means (a pattern, so a torn mix shows)."""
    pattern = (np.arange(HEIGHT * WIDTH * CHANNELS, dtype=np.int64) * 7 % 61).reshape(HEIGHT, WIDTH, CHANNELS)
    result = []
    for k in range(count):
        image = ((pattern + 12 * k) % 256).astype(np.uint8)
        result.append((image, float(image.mean())))
    return result


def age(ns):
    micros = ns // 1000
    return f"{micros} us" if micros < 1000 else f"{micros / 1000:.1f} ms"


def orphaned():
    return os.getppid() != PARENT  # the Java side died: stop too


def consume(path, label):
    ring = tandem.attach_ring(path=path, timeout=10.0)
    consumer = ring.consumer("py-mean")
    print("ready", flush=True)
    start = last = time.monotonic()
    frames = corrupt = total = 0
    second_frames = second_bytes = 0
    ages = []
    idle_since = time.monotonic()
    while True:
        frame = consumer.receive(timeout=0.2)
        now = time.monotonic()
        if frame is None:
            if orphaned() or now - idle_since > 10.0 or ring.is_abandoned():
                print(f"no frame for {now - idle_since:.1f} s: the producer is gone", flush=True)
                return 4
        else:
            idle_since = now
            if frame.tag == END:
                consumer.release()
                break
            try:
                image = frame.image()
                mean = float(image.mean())                     # numpy's work: 921,600 bytes
                expected = frame.user_value_float
                good = image.dtype == np.uint8 and image.shape == (HEIGHT, WIDTH, CHANNELS) and abs(mean - expected) < 1e-6
                problem = None if good else f"frame {frame.sequence}: {image.dtype}{list(image.shape)} mean {mean} " \
                                            f"but the header says {expected}"
            except tandem.ShapeHeaderError as e:
                good, problem = False, f"frame {frame.sequence}: {e}"
            length = frame.length
            frame_age = time.monotonic_ns() - frame.timestamp
            if consumer.release():                             # intact: the check counts
                frames += 1
                total += 1
                second_frames += 1
                second_bytes += length
                ages.append(frame_age)
                if not good:
                    corrupt += 1
                    if corrupt <= 5:
                        print("CORRUPT " + problem, flush=True)
        if now - last >= 1.0:
            ages.sort()
            p50 = ages[len(ages) // 2] if ages else 0
            print(f"{label:<13} t={int(now - start)}s  python consumer {second_frames:4d} frames/s  "
                  f"{second_bytes / (now - last) / 1e6:7.1f} MB/s  age p50 {age(p50)}  max {age(ages[-1] if ages else 0)}"
                  f"  dropped {consumer.dropped}  corrupt {corrupt}", flush=True)
            last, second_frames, second_bytes, ages = now, 0, 0, []
    print(f"summary frames={total} corrupt={corrupt} dropped={consumer.dropped}", flush=True)
    consumer.close()
    ring.close()
    return 1 if corrupt else 0


def produce(path, label, seconds, rate, wrong_every):
    ring = tandem.attach_ring(path=path, timeout=10.0)
    producer = ring.producer()
    made = images()
    print("ready", flush=True)
    start = last = time.monotonic()
    end = start + seconds
    total = second_frames = second_bytes = 0
    next_at = start
    while time.monotonic() < end and not orphaned():
        if rate > 0:
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            next_at += 1.0 / rate
        image, mean = made[total % len(made)]
        claim = producer.claim(timeout=5.0)
        if wrong_every and total % wrong_every == wrong_every - 1:
            mean += 0.5                                               # the injected fault: a wrong mean
        claim.shaped(np.uint8, image.shape, user_value=mean)[...] = image   # written in place, in the slot
        claim.publish(tag=IMAGE)
        total += 1
        second_frames += 1
        second_bytes += tandem.layout.FrameShape.HEADER_LENGTH + image.nbytes
        now = time.monotonic()
        if now - last >= 1.0:
            print(f"{label:<13} t={int(now - start)}s  python producer {second_frames:4d} frames/s  "
                  f"{second_bytes / (now - last) / 1e6:7.1f} MB/s", flush=True)
            last, second_frames, second_bytes = now, 0, 0
    producer.claim(timeout=5.0).publish(length=0, tag=END)
    print(f"summary frames={total}", flush=True)
    producer.close()
    ring.close()
    return 0


if __name__ == "__main__":
    mode, ring_path, name = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "consume":
        sys.exit(consume(ring_path, name))
    sys.exit(produce(ring_path, name, float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])))
