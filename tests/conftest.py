"""Shared fixtures. Area-specific fixtures live in the test modules that use them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def require_binary(name: str) -> str:
    """The path of a system binary a test needs (chromium, virtuoso-t, java).

    Locally a missing binary skips the test; under CI (``CI=true``), where ``.ci/run`` installs it,
    a missing binary is a failure, so a broken install can never turn into a green run.
    """
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, but .ci/run should have installed it")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The output folder of one ``build`` of the built-in seed article (views included)."""
    from alucluster.graph.build import build

    out = tmp_path_factory.mktemp("seed-build")
    build(None, out=out)
    return out


@pytest.fixture(scope="session")
def seed_graph_path(seed_build) -> Path:
    return seed_build / "cluster.ttl"


@pytest.fixture(scope="session")
def java() -> str:
    """The ``java`` binary HermiT runs on (skipped locally when missing, a failure under CI)."""
    return require_binary("java")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's ``chromium`` for the browser tests (skipped locally when missing, a failure under CI)."""
    return require_binary("chromium")


@pytest.fixture(scope="session")
def virtuoso_t() -> str:
    """Debian's ``virtuoso-t`` for the external-store tests (as :func:`chromium`)."""
    return require_binary("virtuoso-t")


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that counts connections: (port, hits).

    The offline tests point SERVICE, FROM and LOAD at it and expect ``hits`` to stay empty.
    """
    import socket
    import threading

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    hits, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
                hits.append(1)
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield srv.getsockname()[1], hits
    stop.set()
    thread.join()
    srv.close()


@pytest.fixture(scope="session")
def javac() -> str:
    """The ``javac`` compiler for the OWL 2 DL profile check (as :func:`java`)."""
    return require_binary("javac")


@pytest.fixture(scope="module")
def browser(chromium):
    """Headless Debian chromium driven by playwright, one per test module."""
    from alucluster.graph.views import browser_args
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=browser_args())
        yield b
        b.close()
