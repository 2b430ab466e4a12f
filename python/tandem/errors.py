"""The exceptions of the ``tandem`` package: each names the file and says what is wrong.

Example::

    try:
        ring = tandem.attach_ring("frames", timeout=0)
    except tandem.NotFoundError as e:
        print(e)       # ring 'frames' not found under /dev/shm/tandem-alice (sessions: ...)
"""


class TandemError(Exception):
    """Base of every error this package raises about shared files and their protocol."""


class NotFoundError(TandemError, FileNotFoundError):
    """No ring or array of that name (or at that path) exists, or it did not become ready in time."""


class LayoutError(TandemError):
    """A file is not what it should be: wrong magic, wrong layout version, corrupt or truncated header."""


class WrongMagicError(LayoutError):
    """The file is not of the expected kind (another magic number)."""


class WrongVersionError(LayoutError):
    """The file has another layout version than this package reads."""


class RingError(TandemError):
    """A ring-protocol failure: a second producer, a duplicate consumer name, a corrupt frame."""


class ConsumerTableFullError(RingError):
    """Every consumer entry of the ring is held by a live consumer."""


class ConsumerEvictedError(RingError):
    """This consumer was judged dead (heartbeat too old and process gone) and its table entry was taken."""


class RingTimeoutError(RingError, TimeoutError):
    """A BLOCK producer found no free slot within its timeout."""


class ShapeHeaderError(TandemError, ValueError):
    """A frame's shape header is missing or invalid (unknown type, rank, dims, or data beyond the payload)."""


class FrameOverwrittenError(ShapeHeaderError):
    """A frame read in place (OVERWRITE) was overwritten while its shape header was read: the header looked invalid
    because the producer was rewriting the slot, not because it wrote a bad one. Discard the frame;
    :meth:`Consumer.release` returns False for it (Java: the ``RingBufferException`` of ``Frame.array()``)."""
