"""Frames as numpy views, and the optional shape header at the start of a frame's payload (``FrameShapeDescriptor``).

Example::

    frame = consumer.receive(timeout=1.0)
    img = frame.image()                 # ndarray (dtype, dims) from the 32-byte shape header, zero-copy
    dtype, dims, user_value = frame.shape_header()
"""

import numpy as np

from ._memory import load_load_fence
from .errors import FrameOverwrittenError, ShapeHeaderError
from .layout import FrameShape, code_of_dtype, dtype_of_code


class Frame:
    """One frame, read in place: valid until the consumer's :meth:`Consumer.release` (check its result).

    ``data`` is a numpy uint8 view of the payload (zero-copy); ``tag``, ``timestamp`` (the producer's, ns),
    ``length`` (bytes) and ``sequence`` come from the slot header. The view is the slot itself: what is read from it
    after the release (or, from :meth:`Consumer.poll`, after the handler returns) may be a later frame's bytes;
    copy what you keep.
    """

    __slots__ = ("sequence", "data", "length", "tag", "timestamp", "_memory", "_stamp_offset", "_stamp")

    def __init__(self, sequence, data, length, tag, timestamp, memory=None, stamp_offset=0, stamp=0):
        self.sequence = sequence
        self.data = data
        self.length = length
        self.tag = tag
        self.timestamp = timestamp
        # read in place: where the slot's stamp is, and the stamp it had when the frame was handed out (else None)
        self._memory = memory
        self._stamp_offset = stamp_offset
        self._stamp = stamp

    def _overwritten(self):
        """True if this frame is read in place and its slot's stamp changed since it was handed out."""
        if self._memory is None or self._memory.load is None:  # copied, or its ring is closed: nothing to re-check
            return False
        # seqlock reader: the header reads complete before we look at the stamp again
        load_load_fence()
        return self._memory.load(self._stamp_offset) != self._stamp

    def _parse(self):
        try:
            return parse_shape_header(self.data)
        except ShapeHeaderError as e:
            if self._overwritten():
                raise FrameOverwrittenError(f"frame {self.sequence} was overwritten while its shape header was read "
                                            "(OVERWRITE, read in place): discard it, release() returns False for it "
                                            f"(what was read: {e})") from e
            raise

    def shape_header(self):
        """``(dtype, dims, user_value)`` from the frame's shape header, or None if the payload has none (no magic).

        :raises ShapeHeaderError: the magic is there but the header is invalid.
        :raises FrameOverwrittenError: (a ShapeHeaderError) the header only looked invalid because the producer was
            overwriting the frame while it was read (OVERWRITE, in place).
        """
        return self._parse()

    @property
    def user_value(self):
        """The shape header's user value as int64, or None without a shape header."""
        h = self._parse()
        return None if h is None else h[2]

    @property
    def user_value_float(self):
        """The shape header's user value read as float64 bits (Java: ``Double.doubleToRawLongBits``)."""
        h = self.shape_header()
        return None if h is None else float(np.array([h[2]], dtype=np.int64).view(np.float64)[0])

    def image(self):
        """The payload after the shape header as an ndarray of its dtype and dims (zero-copy view).

        :raises ShapeHeaderError: no shape header, or an invalid one (never a wrong view);
            :class:`FrameOverwrittenError` if it only looked so because the frame was overwritten while read.
        """
        h = self._parse()
        if h is None:
            if self._overwritten():
                raise FrameOverwrittenError(f"frame {self.sequence} was overwritten while its shape header was read "
                                            "(OVERWRITE, read in place): discard it, release() returns False for it")
            raise ShapeHeaderError(f"frame {self.sequence} has no shape header (its payload of {self.length} bytes does "
                                   f"not start with the magic 0x{FrameShape.MAGIC:08x})")
        dtype, dims, _ = h
        count = int(np.prod(dims))
        return self.data[FrameShape.DATA_OFFSET:FrameShape.DATA_OFFSET + count * dtype.itemsize].view(dtype).reshape(dims)

    array = image

    def tobytes(self):
        return self.data.tobytes()

    def __repr__(self):
        return f"Frame(sequence={self.sequence}, length={self.length}, tag={self.tag}, timestamp={self.timestamp})"


def parse_shape_header(data):
    """Parses the 32-byte shape header at the start of ``data`` (uint8 array); None if it does not start with one."""
    n = len(data)
    if n < FrameShape.HEADER_LENGTH:
        return None
    head = data[:FrameShape.HEADER_LENGTH]
    if int(head[:4].view(np.uint32)[0]) != FrameShape.MAGIC:
        return None
    code = int(head[FrameShape.ELEMENT_TYPE_OFFSET])
    rank = int(head[FrameShape.RANK_OFFSET])
    dims_all = head[FrameShape.DIMS_OFFSET:FrameShape.DIMS_OFFSET + 16].view(np.int32)
    user = int(head[FrameShape.USER_VALUE_OFFSET:FrameShape.USER_VALUE_OFFSET + 8].view(np.int64)[0])
    dtype = dtype_of_code(code)
    if dtype is None:
        raise ShapeHeaderError(f"shape header has unknown element type code {code} (known: 1..11)")
    if rank < 1 or rank > FrameShape.MAX_RANK:
        raise ShapeHeaderError(f"shape header has rank {rank}; it must be 1 to {FrameShape.MAX_RANK}")
    dims = tuple(int(d) for d in dims_all[:rank])
    for axis, d in enumerate(dims):
        if d < 1:
            raise ShapeHeaderError(f"shape header dim {axis} is {d}; every dim below the rank must be >= 1")
    for axis in range(rank, FrameShape.MAX_RANK):
        if int(dims_all[axis]) != 0:
            raise ShapeHeaderError(f"shape header dim {axis} is {int(dims_all[axis])} beyond rank {rank}; it must be 0")
    need = FrameShape.HEADER_LENGTH + int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    if need > n:
        raise ShapeHeaderError(f"shape header says {dtype}{list(dims)}: {need} bytes with the header, but the payload "
                               f"is {n} bytes")
    return dtype, dims, user


def write_shape_header(buf, dtype, shape, user_value=0):
    """Writes a shape header into the uint8 array ``buf``; returns the data length after it (bytes)."""
    dtype = np.dtype(dtype)
    code = code_of_dtype(dtype)
    shape = tuple(int(d) for d in (shape if isinstance(shape, (tuple, list)) else (shape,)))
    if not 1 <= len(shape) <= FrameShape.MAX_RANK:
        raise ValueError(f"a frame shape has 1 to {FrameShape.MAX_RANK} dims, got {len(shape)}")
    for axis, d in enumerate(shape):
        if d < 1 or d > 2**31 - 1:
            raise ValueError(f"dim {axis} of shape {shape} is {d}; each must be 1 to 2^31-1")
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if FrameShape.HEADER_LENGTH + nbytes > len(buf):
        raise ValueError(f"{dtype}{list(shape)} needs {FrameShape.HEADER_LENGTH + nbytes} bytes with its shape header, "
                         f"but the slot holds {len(buf)}")
    head = buf[:FrameShape.HEADER_LENGTH]
    head[:4].view(np.uint32)[0] = FrameShape.MAGIC
    head[FrameShape.ELEMENT_TYPE_OFFSET] = code
    head[FrameShape.RANK_OFFSET] = len(shape)
    head[6:8] = 0
    dims = head[FrameShape.DIMS_OFFSET:FrameShape.DIMS_OFFSET + 16].view(np.int32)
    dims[:] = 0
    dims[:len(shape)] = shape
    uv = head[FrameShape.USER_VALUE_OFFSET:FrameShape.USER_VALUE_OFFSET + 8]
    if isinstance(user_value, float):
        uv.view(np.float64)[0] = user_value
    else:
        uv.view(np.int64)[0] = int(user_value)
    return nbytes
