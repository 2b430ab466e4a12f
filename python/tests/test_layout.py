"""The layout constants and the checks of names and dtypes (no Java needed)."""

import numpy as np
import pytest

import tandem
from tandem import layout
from tandem._files import validate_name


def test_ring_geometry_follows_the_descriptor_formulas():
    assert layout.Ring.slot_length(1) == 32
    assert layout.Ring.slot_length(1000) == 1024
    assert layout.Ring.slots_offset(1) == 4096
    assert layout.Ring.slots_offset(40) == 8192  # 512 + 40 * 128 = 5632, page-aligned
    assert layout.Ring.file_length(64, 1000, 40) == 8192 + 64 * 1024
    assert layout.Ring.MAX_CONSUMER_NAME_LENGTH == 64
    assert layout.Ring.DATA_BELL_OFFSET % 64 == 0 and layout.Ring.SPACE_BELL_OFFSET % 64 == 0


def test_magic_numbers_spell_the_file_kinds():
    assert layout.Ring.MAGIC.to_bytes(8, "little") == b"TNDMRING"
    assert layout.Array.MAGIC.to_bytes(8, "little") == b"TNDARRAY"
    assert layout.FrameShape.MAGIC.to_bytes(4, "little") == b"SHAP"


def test_element_types_map_codes_to_numpy():
    assert [layout.dtype_of_code(c).name for c in range(1, 12)] == [
        "int8", "int16", "int32", "int64", "float32", "float64", "uint8", "uint16", "uint32", "bool", "float16"]
    assert layout.dtype_of_code(12) is None
    assert layout.code_of_dtype(np.uint8) == 7
    assert layout.code_of_dtype("float16") == 11
    with pytest.raises(ValueError, match="complex128 has no Tandem element type"):
        layout.code_of_dtype(np.complex128)
    with pytest.raises(ValueError, match="not in native byte order"):
        layout.code_of_dtype(np.dtype(">i4"))


@pytest.mark.parametrize("name,problem", [
    ("", "it is empty"), ("a/b", "path separator"), ("a..b", "'..'"), (".hidden", "outside the allowed set"),
    ("x" * 65, "65 characters long"), ("sp ace", "outside the allowed set")])
def test_invalid_names_are_refused_saying_why(name, problem):
    with pytest.raises(ValueError, match=problem):
        validate_name("ring name", name)
    with pytest.raises(ValueError, match="invalid ring name"):
        tandem.attach_ring(name, root="/nonexistent-root")


def test_layout_json_names_every_descriptor():
    import json
    data = json.loads(layout.as_json())
    assert set(data) >= {"SharedFileDescriptor", "RingBufferDescriptor", "SharedArrayDescriptor",
                         "FrameShapeDescriptor", "ElementType"}
    assert data["RingBufferDescriptor"]["CONSUMER_TABLE_OFFSET"] == "512"
    assert int(data["RingBufferDescriptor"]["MAGIC"]) == 0x474E_4952_4D44_4E54  # exact, as a string
    assert data["ElementType"]["FLOAT16"] == {"code": "11", "numpy": "float16", "size": "2"}
