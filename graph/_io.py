"""Shared file output of the graph package: atomic writes with ordinary, shareable permissions.

Every output of the graph package (graphs, reports, networks, pages) goes through
:func:`write_atomic`, so a reader never sees a half-written file and every file gets the same mode.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from alucluster.ontology import _io
from alucluster.ontology.errors import GraphError

__all__ = ["write_atomic", "first_line", "csp_source"]


def write_atomic(path, data: bytes | str, mode: int = 0o644) -> Path:
    """:func:`alucluster.ontology._io.write_atomic`, failing with a one-line :class:`GraphError`.

    :raises GraphError: when the folder cannot be created or written.

    >>> write_atomic("/proc/no/such/folder/x.txt", "x")
    Traceback (most recent call last):
    ...
    alucluster.ontology.errors.GraphError: cannot write /proc/no/such/folder/x.txt: No such file or directory
    """
    return _io.write_atomic(path, data, mode, error=GraphError)


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, or its type name: for one-line errors.

    >>> first_line(ValueError("bad token\\n  at line 3"))
    'bad token'
    >>> first_line(KeyError())
    'KeyError'
    """
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def csp_source(inline: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style.

    >>> csp_source("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    return "'sha256-" + base64.b64encode(hashlib.sha256(inline.encode("utf-8")).digest()).decode("ascii") + "'"
