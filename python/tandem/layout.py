"""The binary layouts Tandem's Java side defines, as Python constants.

Every constant here mirrors one in a Java descriptor class; the Java test ``PythonLayoutCompatibilityTest``
runs ``python3 -m tandem.layout`` (which prints :func:`as_json`) and compares each value with the Java
constant of the same name by reflection, so neither side can change without the other noticing.

* :class:`SharedFile` -- ``io.tandem.internal.sharedfile.SharedFileDescriptor``: the 64-byte header of every
  Tandem shared file (magic, version, length, creator pid and start time, creation time, ready word).
* :class:`Ring` -- ``io.tandem.ringbuffer.RingBufferDescriptor``: ring metadata, producer position and identity,
  doorbells, consumer table, slots, stamps.
* :class:`Array` -- ``io.tandem.memory.SharedArrayDescriptor``: type code, rank, dims, data offset.
* :class:`FrameShape` -- ``io.tandem.ringbuffer.FrameShapeDescriptor``: the optional 32-byte shape header at the
  start of a frame's payload.
* :class:`Doorbell` -- ``io.tandem.idle.Doorbell``: a doorbell's futex word, sleeper count and last ring time.
* :data:`ELEMENT_TYPES` -- ``io.tandem.memory.ElementType`` codes and their numpy dtypes.

All integers are native byte order (little-endian on x86-64 and AArch64 Linux) and naturally aligned.

Example::

    from tandem import layout
    layout.Ring.slot_length(1024)       # 1048: 24-byte slot header + payload, 8-aligned
"""

import json
import sys

import numpy as np


class SharedFile:
    """``SharedFileDescriptor``: the header every Tandem shared file starts with."""

    MAGIC_OFFSET = 0
    LAYOUT_VERSION_OFFSET = 8
    FILE_LENGTH_OFFSET = 16
    CREATOR_PID_OFFSET = 24
    CREATOR_START_TIME_OFFSET = 32
    CREATED_TIME_OFFSET = 40
    READY_OFFSET = 48
    HEADER_LENGTH = 64
    BODY_OFFSET = 64
    NOT_READY = 0
    READY = 1


# ring policy names, as create_ring and RingBuffer.policy give them (codes Ring.POLICY_BLOCK, Ring.POLICY_OVERWRITE)
BLOCK = "block"
OVERWRITE = "overwrite"


def _align(value, alignment):
    return (value + alignment - 1) & -alignment


class Ring:
    """``RingBufferDescriptor``: the ring file's layout (version 3)."""

    MAGIC = 0x474E_4952_4D44_4E54  # "TNDMRING"
    LAYOUT_VERSION = 3
    CACHE_LINE_LENGTH = 64
    PADDED_LENGTH = 128
    FILE_ALIGNMENT = 4096

    POLICY_OFFSET = SharedFile.BODY_OFFSET
    SLOT_COUNT_OFFSET = POLICY_OFFSET + 4
    SLOT_SIZE_OFFSET = POLICY_OFFSET + 8
    SLOT_LENGTH_OFFSET = POLICY_OFFSET + 12
    MAX_CONSUMERS_OFFSET = POLICY_OFFSET + 16
    SLOTS_OFFSET_OFFSET = POLICY_OFFSET + 24
    HEARTBEAT_TIMEOUT_OFFSET = POLICY_OFFSET + 32
    METADATA_LENGTH = 128

    POLICY_BLOCK = 0
    POLICY_OVERWRITE = 1

    PRODUCER_POSITION_OFFSET = METADATA_LENGTH
    PRODUCER_OWNER_OFFSET = PRODUCER_POSITION_OFFSET + PADDED_LENGTH
    PRODUCER_START_TIME_OFFSET = PRODUCER_OWNER_OFFSET + 8
    PRODUCER_HEARTBEAT_OFFSET = PRODUCER_OWNER_OFFSET + 16
    PRODUCER_STATE_OFFSET = PRODUCER_OWNER_OFFSET + 24
    PRODUCER_BLOCKED_COUNT_OFFSET = PRODUCER_OWNER_OFFSET + 32
    CONSUMERS_EVICTED_OFFSET = PRODUCER_OWNER_OFFSET + 40
    CONSUMER_HIGH_WATER_OFFSET = PRODUCER_OWNER_OFFSET + 48
    CONSUMERS_REGISTERED_OFFSET = PRODUCER_OWNER_OFFSET + 56
    DATA_BELL_OFFSET = 384
    SPACE_BELL_OFFSET = 448

    PRODUCER_NONE = 0
    PRODUCER_ACTIVE = 1
    PRODUCER_CLOSED = 2
    PRODUCER_HEARTBEAT_FRAMES = 4096

    CONSUMER_TABLE_OFFSET = 512
    CONSUMER_ENTRY_LENGTH = PADDED_LENGTH
    CONSUMER_POSITION_OFFSET = 0
    CONSUMER_CONSUMED_OFFSET = 8
    CONSUMER_DROPPED_OFFSET = 16
    CONSUMER_HEARTBEAT_OFFSET = 24
    CONSUMER_STATE_OFFSET = 32
    CONSUMER_PID_OFFSET = 40
    CONSUMER_START_TIME_OFFSET = 48
    CONSUMER_NAME_LENGTH_OFFSET = 56
    CONSUMER_NAME_OFFSET = 64
    MAX_CONSUMER_NAME_LENGTH = CONSUMER_ENTRY_LENGTH - CONSUMER_NAME_OFFSET

    CONSUMER_FREE = 0
    CONSUMER_REGISTERING = 1
    CONSUMER_ACTIVE = 2
    MAX_CONSUMERS_LIMIT = 4096

    SLOT_STAMP_OFFSET = 0
    SLOT_LENGTH_FIELD_OFFSET = 8
    SLOT_TAG_OFFSET = 12
    SLOT_TIMESTAMP_OFFSET = 16
    SLOT_HEADER_LENGTH = 24
    SLOT_ALIGNMENT = 8
    MIN_SLOT_COUNT = 2
    MAX_SLOT_COUNT = 1 << 30
    MAX_SLOT_SIZE = 2**31 - 1 - 64
    MAX_FILE_LENGTH = 1 << 40

    @staticmethod
    def slot_length(slot_size):
        """Distance between slot starts for a payload capacity of ``slot_size`` bytes."""
        return _align(Ring.SLOT_HEADER_LENGTH + slot_size, Ring.SLOT_ALIGNMENT)

    @staticmethod
    def slots_offset(max_consumers):
        """Offset of slot 0 after a consumer table of ``max_consumers`` entries."""
        return _align(Ring.CONSUMER_TABLE_OFFSET + max_consumers * Ring.CONSUMER_ENTRY_LENGTH, Ring.FILE_ALIGNMENT)

    @staticmethod
    def file_length(slot_count, slot_size, max_consumers):
        """Length of a ring file of this geometry."""
        return _align(Ring.slots_offset(max_consumers) + slot_count * Ring.slot_length(slot_size), Ring.FILE_ALIGNMENT)

    @staticmethod
    def consumer_entry_offset(index):
        return Ring.CONSUMER_TABLE_OFFSET + index * Ring.CONSUMER_ENTRY_LENGTH

    @staticmethod
    def committed_stamp(sequence):
        return sequence + 1

    @staticmethod
    def writing_stamp(sequence):
        return -(sequence + 1)

    @staticmethod
    def is_lapped(stamp, sequence):
        return abs(stamp) > sequence + 1

    @staticmethod
    def consumer_state_word(generation, state):
        return (generation << 8) | state

    @staticmethod
    def consumer_state(word):
        return word & 0xFF

    @staticmethod
    def consumer_generation(word):
        return (word & 0xFFFF_FFFF_FFFF_FFFF) >> 8


class Array:
    """``SharedArrayDescriptor``: a shared array file's layout (version 2)."""

    MAGIC = 0x5941_5252_4144_4E54  # "TNDARRAY"
    LAYOUT_VERSION = 2
    ELEMENT_TYPE_OFFSET = SharedFile.BODY_OFFSET
    RANK_OFFSET = ELEMENT_TYPE_OFFSET + 4
    ELEMENT_SIZE_OFFSET = ELEMENT_TYPE_OFFSET + 8
    LENGTH_OFFSET = ELEMENT_TYPE_OFFSET + 16
    DATA_OFFSET_OFFSET = ELEMENT_TYPE_OFFSET + 24
    DATA_LENGTH_OFFSET = ELEMENT_TYPE_OFFSET + 32
    DIMS_OFFSET = 128
    MAX_RANK = 32
    DATA_ALIGNMENT = 4096
    HEADER_LENGTH = DIMS_OFFSET + MAX_RANK * 8

    @staticmethod
    def dim_offset(axis):
        return Array.DIMS_OFFSET + axis * 8

    @staticmethod
    def data_offset(rank):
        return _align(Array.dim_offset(rank), Array.DATA_ALIGNMENT)


class FrameShape:
    """``FrameShapeDescriptor``: the optional 32-byte header a frame's payload may start with.

    ::

        0  int32 magic 0x50414853 ('S','H','A','P' in memory)
        4  uint8 element type code (ELEMENT_TYPES)
        5  uint8 rank, 1..4
        6  2 bytes reserved, zero
        8  4 x int32 dims, outermost first; zero at index >= rank, >= 1 below
        24 8 bytes user value (int64, or float64 bits)
        32 data: product(dims) * element size bytes
    """

    MAGIC = 0x50414853
    MAGIC_OFFSET = 0
    ELEMENT_TYPE_OFFSET = 4
    RANK_OFFSET = 5
    RESERVED_OFFSET = 6
    DIMS_OFFSET = 8
    USER_VALUE_OFFSET = 24
    HEADER_LENGTH = 32
    DATA_OFFSET = 32
    MAX_RANK = 4
    # the element type codes the header's type byte holds (ELEMENT_TYPES), named as the Java descriptor names them
    TYPE_INT8 = 1
    TYPE_INT16 = 2
    TYPE_INT32 = 3
    TYPE_INT64 = 4
    TYPE_FLOAT32 = 5
    TYPE_FLOAT64 = 6
    TYPE_UINT8 = 7
    TYPE_UINT16 = 8
    TYPE_UINT32 = 9
    TYPE_BOOL = 10
    TYPE_FLOAT16 = 11


# ElementType code -> (Java enum name, numpy dtype name); codes 7..11 are the numpy-friendly additions
ELEMENT_TYPES = {
    1: ("BYTE", "int8"),
    2: ("SHORT", "int16"),
    3: ("INT", "int32"),
    4: ("LONG", "int64"),
    5: ("FLOAT", "float32"),
    6: ("DOUBLE", "float64"),
    7: ("UINT8", "uint8"),
    8: ("UINT16", "uint16"),
    9: ("UINT32", "uint32"),
    10: ("BOOL", "bool"),
    11: ("FLOAT16", "float16"),
}

_CODE_BY_DTYPE = {np.dtype(numpy_name): code for code, (_, numpy_name) in ELEMENT_TYPES.items()}


def dtype_of_code(code):
    """The numpy dtype (native order) of an element type code, or None if the code is unknown."""
    entry = ELEMENT_TYPES.get(code)
    return None if entry is None else np.dtype(entry[1])


def code_of_dtype(dtype):
    """The element type code of a numpy dtype.

    :raises ValueError: naming the dtype and the supported ones if it has no code.
    """
    dt = np.dtype(dtype)
    if dt.byteorder not in ("=", "|") and dt.byteorder != ("<" if sys.byteorder == "little" else ">"):
        raise ValueError(f"dtype {dt} is not in native byte order; Tandem files are native order")
    code = _CODE_BY_DTYPE.get(dt.newbyteorder("="))
    if code is None:
        names = ", ".join(n for _, n in ELEMENT_TYPES.values())
        raise ValueError(f"dtype {dt} has no Tandem element type; supported: {names}")
    return code


def _constants(cls):
    # as decimal strings: a JSON reader that parses numbers as doubles would round the 64-bit magic numbers
    return {k: str(v) for k, v in vars(cls).items() if k.isupper() and isinstance(v, int)}


class Doorbell:
    """``io.tandem.idle.Doorbell``: the 16 bytes of a doorbell (the ring's data and space bells): the futex word, the
    count of sleepers, and the time of the last ring that found one. Compared with Java's (private) constants too."""

    SEQUENCE = 0
    SLEEPERS = 4
    RUNG_AT = 8
    LENGTH = 16


def as_json():
    """Every constant, as the JSON the Java layout-compatibility test compares with the Java descriptors."""
    return json.dumps({
        "SharedFileDescriptor": _constants(SharedFile),
        "RingBufferDescriptor": _constants(Ring),
        "SharedArrayDescriptor": _constants(Array),
        "FrameShapeDescriptor": _constants(FrameShape),
        "Doorbell": _constants(Doorbell),
        "ElementType": {name: {"code": str(code), "numpy": numpy_name, "size": str(np.dtype(numpy_name).itemsize)}
                        for code, (name, numpy_name) in ELEMENT_TYPES.items()},
        "functions": {
            "slotLength(1000)": str(Ring.slot_length(1000)),
            "slotsOffset(40)": str(Ring.slots_offset(40)),
            "fileLength(64,1000,40)": str(Ring.file_length(64, 1000, 40)),
            "arrayDataOffset(3)": str(Array.data_offset(3)),
        },
    }, indent=1, sort_keys=True)


if __name__ == "__main__":
    print(as_json())
