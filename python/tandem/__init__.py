"""Tandem from Python: ring buffers and shared arrays shared with Java processes, as numpy views.

Pure Python + numpy + ctypes (libatomic for atomics, libc's ``syscall`` for futexes). The binary layouts are
Java's (``RingBufferDescriptor``, ``SharedArrayDescriptor``, ``SharedFileDescriptor``, ``FrameShapeDescriptor``),
mirrored in :mod:`tandem.layout`.

Five lines of consumer::

    import tandem
    consumer = tandem.attach_ring("frames").consumer("py-mean")
    while (frame := consumer.receive(timeout=1.0)) is not None:
        print(frame.sequence, frame.image().mean())
        consumer.release()
"""

from .array import SharedArray, attach_array, create_array
from .errors import (ConsumerEvictedError, ConsumerTableFullError, FrameOverwrittenError, LayoutError, NotFoundError,
                     RingError, RingTimeoutError, ShapeHeaderError, TandemError, WrongMagicError, WrongVersionError)
from .consumer import Consumer
from .frame import Frame, parse_shape_header, write_shape_header
from .layout import BLOCK, OVERWRITE
from .producer import FrameClaim, Producer
from .ring import RingBuffer, attach_ring, create_ring
from ._files import list_sessions, runtime_root

__version__ = "0.1.0"

__all__ = [
    "attach_ring", "create_ring", "attach_array", "create_array", "RingBuffer", "Consumer", "Producer", "Frame",
    "FrameClaim", "SharedArray", "BLOCK", "OVERWRITE", "parse_shape_header", "write_shape_header", "list_sessions",
    "runtime_root", "TandemError", "NotFoundError", "LayoutError", "WrongMagicError", "WrongVersionError", "RingError",
    "ConsumerTableFullError", "ConsumerEvictedError", "RingTimeoutError", "ShapeHeaderError",
    "FrameOverwrittenError",
]
