"""Process liveness as ``io.tandem.internal.sharedfile.ProcessLiveness`` judges it: pid plus start time.

A pid alone is not enough (Linux reuses pids), so the start time recorded beside it must match within
:data:`START_TIME_TOLERANCE_MS`, computed as the JDK computes ``ProcessHandle.Info.startInstant()``: boot time
(``btime`` of ``/proc/stat``, seconds) * 1000 + start ticks (field 22 of ``/proc/<pid>/stat``) * 1000 / CLK_TCK.
A zombie (state ``Z`` or ``X``) is dead.
"""

import os

START_TIME_TOLERANCE_MS = 1000
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _boot_time_ms():
    try:
        with open("/proc/stat", "rb") as f:
            for line in f:
                if line.startswith(b"btime "):
                    return int(line.split()[1]) * 1000
    except OSError:
        pass
    return 0


_BOOT_MS = _boot_time_ms()


def _stat_fields(pid):
    """Fields after the parenthesised command name of /proc/<pid>/stat (index 0 is the state), or None."""
    try:
        with open(f"/proc/{int(pid)}/stat", "rb") as f:
            text = f.read()
    except (OSError, ValueError):
        return None
    close = text.rfind(b")")
    if close < 0:
        return None
    return text[close + 2:].split()


def start_time_ms(pid):
    """The process's start time in ms since the epoch, as Java reports it; 0 if unknown."""
    fields = _stat_fields(pid)
    if not fields or len(fields) < 20 or _BOOT_MS == 0:
        return 0
    return _BOOT_MS + int(fields[19]) * 1000 // _CLK_TCK


CURRENT_PID = os.getpid()
CURRENT_START_MS = start_time_ms(CURRENT_PID)


def current_pid():
    return os.getpid()


def current_start_time_ms():
    global CURRENT_PID, CURRENT_START_MS
    if os.getpid() != CURRENT_PID:  # after a fork
        CURRENT_PID = os.getpid()
        CURRENT_START_MS = start_time_ms(CURRENT_PID)
    return CURRENT_START_MS


def _same_start(actual, recorded):
    return actual == 0 or recorded == 0 or abs(actual - recorded) <= START_TIME_TOLERANCE_MS


def is_alive(pid, start_ms):
    """True if process ``pid`` runs, is no zombie, and (if ``start_ms`` is not 0) started at ``start_ms``."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return _same_start(current_start_time_ms(), start_ms)
    fields = _stat_fields(pid)
    if not fields:
        return False
    if fields[0] in (b"Z", b"X"):
        return False
    if start_ms == 0:
        return True
    return _same_start(start_time_ms(pid), start_ms)
