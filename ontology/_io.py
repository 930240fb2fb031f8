"""Atomic file output shared by every package: a reader sees the old file or the new one, never half.

The ontology package is the foundation the loaders and the graph build on, so the one writer lives
here; :func:`alucluster.graph._io.write_atomic` adds the graph package's error class on top.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path, data: bytes | str, mode: int = 0o644, *, error: type[Exception] | None = None) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Text is encoded as UTF-8 with the newlines given (no platform translation).

    :param path: the destination; its folder is created when missing.
    :param data: bytes, or text to encode as UTF-8.
    :param mode: the permission bits of the written file (``mkstemp`` alone would give 0600).
    :param error: when given, a folder that cannot be created or written raises this class with a
        one-line message instead of the bare ``OSError``.
    :raises OSError: when the file cannot be written (or ``error``, see above).

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
        if error is None:
            raise
        raise error(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
