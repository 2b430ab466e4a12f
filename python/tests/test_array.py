"""Shared arrays made and read by Python alone: header checks, types, atomic creation."""

import os
import struct

import numpy as np
import pytest

import tandem
from tandem import layout


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "float32", "float64", "uint8", "uint16",
                                   "uint32", "bool", "float16"])
def test_create_then_attach_gives_the_same_memory(root, dtype):
    path = os.path.join(root, "a")
    a = tandem.create_array("a", dtype, (3, 5), path=path)
    a[:] = np.arange(15).reshape(3, 5).astype(dtype)
    b = tandem.attach_array(path=path, dtype=dtype, shape=(3, 5))
    assert b.dtype == np.dtype(dtype) and b.shape == (3, 5)
    assert np.array_equal(a, b)
    b[0, 0] = 1
    assert a[0, 0] == 1  # one mapping, shared
    with open(path, "rb") as f:
        head = f.read(layout.Array.HEADER_LENGTH)
    code, rank, size = struct.unpack_from("=iii", head, layout.Array.ELEMENT_TYPE_OFFSET)
    assert (code, rank, size) == (layout.code_of_dtype(dtype), 2, np.dtype(dtype).itemsize)
    assert struct.unpack_from("=q", head, layout.Array.DATA_OFFSET_OFFSET)[0] == 4096
    assert os.path.getsize(path) == 4096 + 15 * np.dtype(dtype).itemsize


def test_attach_checks_header_and_expected_type(root):
    path = os.path.join(root, "m")
    tandem.create_array("m", np.float32, (4, 4), path=path)
    with pytest.raises(ValueError, match=r"is float32\[4, 4\], not float64\[4, 4\]"):
        tandem.attach_array(path=path, dtype=np.float64)
    with pytest.raises(tandem.WrongMagicError):
        tandem.attach_ring(path=path, timeout=0)
    with open(path, "r+b") as f:  # an unknown type code
        f.seek(layout.Array.ELEMENT_TYPE_OFFSET)
        f.write(struct.pack("=i", 42))
    with pytest.raises(tandem.LayoutError, match="corrupt header \\(type code 42, rank 2\\)"):
        tandem.attach_array(path=path)
    with open(path, "r+b") as f:  # a dim that disagrees with the length
        f.seek(layout.Array.ELEMENT_TYPE_OFFSET)
        f.write(struct.pack("=i", 5))
        f.seek(layout.Array.dim_offset(0))
        f.write(struct.pack("=q", 5))
    with pytest.raises(tandem.LayoutError, match="do not agree with float32\\[5, 4\\]"):
        tandem.attach_array(path=path)


def test_create_refuses_bad_input(root):
    with pytest.raises(ValueError, match="no Tandem element type"):
        tandem.create_array("c", np.complex64, (2,), path=os.path.join(root, "c"))
    with pytest.raises(ValueError, match="dimension 1 of shape \\[2, 0\\] is 0"):
        tandem.create_array("c", np.int32, (2, 0), path=os.path.join(root, "c"))
    with pytest.raises(ValueError, match="invalid array name"):
        tandem.create_array("../c", np.int32, (2,), path=os.path.join(root, "c"))
    tandem.create_array("c", np.int32, (2,), path=os.path.join(root, "c"))
    with pytest.raises(FileExistsError):
        tandem.create_array("c", np.int32, (2,), path=os.path.join(root, "c"))
    assert os.listdir(root) == ["c"]


def test_attach_by_name_in_a_session(root):
    session = os.path.join(root, f"{os.getpid()}-1")
    a = tandem.create_array("named", np.uint16, (7,), session=session)
    assert a.path == os.path.join(session, "arrays", "named")
    b = tandem.attach_array("named", root=root, timeout=0)
    assert b.shape == (7,) and b.dtype == np.uint16
    with pytest.raises(tandem.NotFoundError, match="array 'nothing' not found"):
        tandem.attach_array("nothing", root=root, timeout=0)
