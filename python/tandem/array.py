"""Tandem shared arrays from Python: a numpy ndarray over ``<session>/arrays/<name>`` (``SharedArrayDescriptor``).

Example::

    import numpy as np, tandem
    frame = tandem.attach_array("frame")                 # dtype and shape from the header, e.g. float32 (480, 640)
    frame[:] = 0.5                                       # writes the shared memory: Java sees it
    out = tandem.create_array("result", np.uint8, (480, 640, 3), session=sid)   # Java: SharedArray.attach(...)
"""

import os

import numpy as np

from . import _files
from .errors import LayoutError
from .layout import Array as A, code_of_dtype, dtype_of_code


class SharedArray(np.ndarray):
    """An ndarray over a shared array file; ``.path`` and ``.element_code`` tell where it lives and its type code.

    The mapping stays as long as the array or any view of it is alive.
    """

    def __array_finalize__(self, obj):
        if obj is not None:
            self.path = getattr(obj, "path", None)
            self.element_code = getattr(obj, "element_code", None)
            self._handle = getattr(obj, "_handle", None)


def _wrap(handle, path):
    m = handle.memory
    code = m.load_int_plain(A.ELEMENT_TYPE_OFFSET)
    rank = m.load_int_plain(A.RANK_OFFSET)
    dtype = dtype_of_code(code)
    if dtype is None or rank < 1 or rank > A.MAX_RANK or handle.file_length < A.dim_offset(rank):
        handle.close()
        raise LayoutError(f"shared array {path} has a corrupt header (type code {code}, rank {rank}): it is not a "
                          "usable shared array: remove it or use another name")
    shape = tuple(m.load_plain(A.dim_offset(axis)) for axis in range(rank))
    problem = None
    if any(d < 1 for d in shape):
        problem = f"dimension of shape {list(shape)} below 1"
    else:
        length = int(np.prod(shape, dtype=object))
        data_offset = A.data_offset(rank)
        data_length = length * dtype.itemsize
        if length != m.load_plain(A.LENGTH_OFFSET) or data_offset != m.load_plain(A.DATA_OFFSET_OFFSET) or \
                data_length != m.load_plain(A.DATA_LENGTH_OFFSET) or data_offset + data_length != handle.file_length or \
                dtype.itemsize != m.load_int_plain(A.ELEMENT_SIZE_OFFSET):
            problem = (f"its lengths and offsets do not agree with {dtype}{list(shape)}")
    if problem:
        handle.close()
        raise LayoutError(f"shared array {path} has a corrupt header ({problem}): it is not a usable shared array: "
                          "remove it or use another name")
    base = np.frombuffer(m.mm, dtype=np.uint8, count=data_length, offset=data_offset)
    arr = base.view(dtype).reshape(shape).view(SharedArray)
    arr.path = path
    arr.element_code = code
    arr._handle = handle
    return arr


def attach_array(name=None, *, path=None, session=None, root=None, timeout=1.0, dtype=None, shape=None):
    """Attaches to an existing shared array by ``name`` (in ``<root>/<session>/arrays/``; every session of the user if
    ``session`` is None) or ``path``; waits up to ``timeout`` seconds for it to appear and be ready.

    ``dtype``/``shape``, if given, must match the header (as Java's ``SharedArray.attach(name, type, shape)``).

    :raises NotFoundError, WrongMagicError, WrongVersionError, LayoutError, ValueError:
    """
    if path is None:
        if name is None:
            raise ValueError("attach_array needs a name or path=")
        path = _files.find_resource("arrays", name, session, root, timeout)
    handle = _files.attach_shared_file(os.fspath(path), A.MAGIC, A.LAYOUT_VERSION, "shared array", timeout)
    arr = _wrap(handle, os.fspath(path))
    if dtype is not None and np.dtype(dtype) != arr.dtype or shape is not None and tuple(shape) != arr.shape:
        raise ValueError(f"shared array {path} is {arr.dtype}{list(arr.shape)}, not "
                         f"{np.dtype(dtype) if dtype is not None else arr.dtype}"
                         f"{list(shape) if shape is not None else list(arr.shape)}")
    return arr


def create_array(name, dtype, shape, *, session=None, root=None, path=None):
    """Creates a shared array file that Java's ``SharedArray.attach(name, type, shape)`` opens; returns its ndarray.

    The file goes to ``<session>/arrays/<name>`` (``session``: a session directory or ``<pid>-<startMillis>``;
    None: the only live session) or to ``path``. Made atomically: temporary name, header with the ready word
    last (release), then linked into place.

    :raises FileExistsError: the name is taken. :raises ValueError: bad name, dtype or shape.
    """
    _files.validate_name("array name", name)
    dtype = np.dtype(dtype)
    code = code_of_dtype(dtype)
    shape = tuple(int(d) for d in (shape if isinstance(shape, (tuple, list)) else (shape,)))
    if not 1 <= len(shape) <= A.MAX_RANK:
        raise ValueError(f"a shared array has 1 to {A.MAX_RANK} dimensions, got {len(shape)}")
    for axis, d in enumerate(shape):
        if d < 1:
            raise ValueError(f"dimension {axis} of shape {list(shape)} is {d}: every dimension must be at least 1")
    length = int(np.prod(shape, dtype=object))
    data_offset = A.data_offset(len(shape))
    data_length = length * dtype.itemsize
    if data_offset + data_length >= 2**63:
        raise ValueError(f"{length} elements of {dtype} do not fit a file")
    if path is None:
        directory = os.path.join(_files.session_dir(session, root), "arrays")
        path = os.path.join(directory, name)
    _files.ensure_dir(os.path.dirname(path))

    def init(m):
        m.store_int_plain(A.ELEMENT_TYPE_OFFSET, code)
        m.store_int_plain(A.RANK_OFFSET, len(shape))
        m.store_int_plain(A.ELEMENT_SIZE_OFFSET, dtype.itemsize)
        m.store_plain(A.LENGTH_OFFSET, length)
        m.store_plain(A.DATA_OFFSET_OFFSET, data_offset)
        m.store_plain(A.DATA_LENGTH_OFFSET, data_length)
        for axis, d in enumerate(shape):
            m.store_plain(A.dim_offset(axis), d)

    handle = _files.create_shared_file(os.fspath(path), A.MAGIC, A.LAYOUT_VERSION, data_offset + data_length, init)
    return _wrap(handle, os.fspath(path))
