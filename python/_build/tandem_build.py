"""A PEP 517 build backend for the ``tandem`` package that needs nothing but the standard library.

Why not setuptools: building a wheel with it needs the ``wheel`` package, which machines without PyPI may lack;
this package is pure Python, so its wheel is a zip of ``tandem/*.py`` and the ``.dist-info`` files, written here.
``pip install ./python`` then works offline (no build dependency to fetch, with or without build isolation).
"""

import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME = "tandem"
VERSION = "0.1.0"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METADATA = f"""Metadata-Version: 2.1
Name: {NAME}
Version: {VERSION}
Summary: Tandem ring buffers and shared arrays from Python: numpy views, the same protocol as Java
Requires-Python: >=3.9
Requires-Dist: numpy
"""
WHEEL = f"""Wheel-Version: 1.0
Generator: tandem_build {VERSION}
Root-Is-Purelib: true
Tag: py3-none-any
"""


def _sources():
    package = os.path.join(HERE, NAME)
    return sorted(f"{NAME}/{f}" for f in os.listdir(package) if f.endswith(".py"))


def _digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    filename = f"{NAME}-{VERSION}-py3-none-any.whl"
    dist_info = f"{NAME}-{VERSION}.dist-info"
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as wheel:
        def add(arcname, data):
            wheel.writestr(arcname, data)
            records.append(f"{arcname},{_digest(data)},{len(data)}")

        for source in _sources():
            with open(os.path.join(HERE, source), "rb") as f:
                add(source, f.read())
        add(f"{dist_info}/METADATA", METADATA.encode())
        add(f"{dist_info}/WHEEL", WHEEL.encode())
        add(f"{dist_info}/top_level.txt", f"{NAME}\n".encode())
        records.append(f"{dist_info}/RECORD,,")
        wheel.writestr(f"{dist_info}/RECORD", "\n".join(records) + "\n")
    return filename


def build_sdist(sdist_directory, config_settings=None):
    base = f"{NAME}-{VERSION}"
    filename = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz") as sdist:
        for path in _sources() + ["pyproject.toml", "README.md", "_build/tandem_build.py"]:
            sdist.add(os.path.join(HERE, path), f"{base}/{path}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = METADATA.encode()
        info.size = len(data)
        sdist.addfile(info, io.BytesIO(data))
    return filename
