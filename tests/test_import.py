"""Import cost and the no-network rule."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from conftest import NetworkAccessError


def test_import_is_light():
    heavy = ("matplotlib", "frictionless", "nbclient", "pycountry", "scipy", "currency_converter")
    code = f"import sys, sinorus; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_submodules_load_lazily():
    import sinorus

    assert sinorus.metrics.cagr is not None
    assert "plotting" in dir(sinorus)
    with pytest.raises(AttributeError):
        sinorus.no_such_thing  # noqa: B018


def test_network_is_refused():
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1, never routed
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.org", 443)


def test_loopback_is_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    client.close()
    server.close()
