"""Fixtures of the Python tests: a private runtime root, and the Java peer (``io.tandem.perf.python.PythonPeer``).

How the Java side is found: the tests run ``java`` with the Chronicle flags of
``ringbuffer/target/classes/io/tandem/jvm/jvm.args`` and the class path ``perf/target/classes`` (or the perf jar)
plus ``perf/target/launcher.classpath``, all made by ``mvn package`` (``.ci/run`` runs ``mvn -B verify`` first;
by hand: ``mvn -B -DskipTests package``). ``TANDEM_REPO`` names the checkout if the tests run from elsewhere.
Without those files, or without ``java``, the tests that need Java are skipped, saying why; with
``TANDEM_REQUIRE_JAVA=1`` in the environment (``.ci/run`` sets it) they fail instead, so a CI run cannot pass
without them.
"""

import glob
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.environ.get("TANDEM_REPO") or os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "python"))


def _java_command():
    if shutil.which("java") is None:
        return None, "java is not on the PATH"
    jvm_args = os.path.join(REPO, "ringbuffer/target/classes/io/tandem/jvm/jvm.args")
    classpath_file = os.path.join(REPO, "perf/target/launcher.classpath")
    classes = os.path.join(REPO, "perf/target/classes")
    if not (os.path.isfile(jvm_args) and os.path.isfile(classpath_file) and
            os.path.isfile(os.path.join(classes, "io/tandem/perf/python/PythonPeer.class"))):
        return None, (f"the Java build is missing under {REPO} (jvm.args, perf/target/launcher.classpath or "
                      "PythonPeer.class): run `mvn -B -DskipTests package` first")
    with open(classpath_file) as f:
        deps = f.read().strip()
    jars = [j for j in glob.glob(os.path.join(REPO, "perf/target/tandem-perf-*.jar")) if not j.endswith("-tests.jar")]
    own = classes if not jars else jars[0] if os.path.getmtime(jars[0]) >= os.path.getmtime(
        os.path.join(classes, "io/tandem/perf/python/PythonPeer.class")) else classes
    return ["java", "@" + jvm_args, "-cp", own + ":" + deps], None


JAVA, JAVA_MISSING = _java_command()


class JavaPeer:
    """A ``PythonPeer`` JVM: stdout lines with deadlines, a line to stdin to let it finish."""

    def __init__(self, args, root=None):
        cmd = list(JAVA)
        if root:
            cmd.insert(1, f"-Dtandem.root={root}")
        self.proc = subprocess.Popen(cmd + ["io.tandem.perf.python.PythonPeer"] + [str(a) for a in args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.err = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.err.append), daemon=True).start()

    @staticmethod
    def _pump(stream, sink):
        for line in stream:
            sink(line.rstrip("\n"))
        sink(None)

    def await_line(self, prefix, timeout=60.0):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(0.0, left))
            except queue.Empty:
                raise AssertionError(f"java printed no line starting with {prefix!r} within {timeout} s; stderr:\n"
                                     + "\n".join(e for e in self.err if e))
            if line is None:
                self.lines.put(None)
                raise AssertionError(f"java ended (exit {self.proc.wait(5)}) before {prefix!r}; stderr:\n"
                                     + "\n".join(e for e in self.err if e))
            if line.startswith(prefix):
                return line

    def await_json(self, timeout=60.0):
        return json.loads(self.await_line("{", timeout))

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def finish(self, timeout=30.0):
        try:
            self.proc.stdin.write("done\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            raise

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


REQUIRE_JAVA = os.environ.get("TANDEM_REQUIRE_JAVA") == "1"


@pytest.fixture
def java():
    if JAVA is None:
        if REQUIRE_JAVA:
            pytest.fail(f"TANDEM_REQUIRE_JAVA=1 but the Java peer cannot run: {JAVA_MISSING}")
        pytest.skip(JAVA_MISSING)
    peers = []

    def start(*args, root=None):
        peer = JavaPeer(args, root)
        peers.append(peer)
        return peer

    yield start
    for peer in peers:
        peer.kill()


@pytest.fixture
def root():
    """A private runtime root (mode 0700, as Java requires), removed afterwards."""
    d = tempfile.mkdtemp(prefix="tandem-pytest-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    os.chmod(d, 0o700)
    yield d
    shutil.rmtree(d, ignore_errors=True)
