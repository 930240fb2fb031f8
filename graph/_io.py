"""Shared file output: atomic writes with ordinary, shareable permissions.

Every output of the graph package (graphs, reports, networks, pages) goes through
:func:`write_atomic`, so a reader never sees a half-written file and every file gets the same mode.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from alucluster.ontology.errors import GraphError

__all__ = ["write_atomic"]


def write_atomic(path, data: bytes | str, mode: int = 0o644) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Text is encoded as UTF-8 with the newlines given (no platform translation).

    :param path: the destination; its folder is created when missing.
    :param data: bytes, or text to encode as UTF-8.
    :param mode: the permission bits of the written file (``mkstemp`` alone would give 0600).
    :raises GraphError: when the folder cannot be created or written.

    >>> import stat, tempfile
    >>> p = write_atomic(Path(tempfile.mkdtemp()) / "sub" / "a.txt", "héllo\\n")
    >>> p.read_bytes(), oct(stat.S_IMODE(p.stat().st_mode))
    (b'h\\xc3\\xa9llo\\n', '0o644')
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise GraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
