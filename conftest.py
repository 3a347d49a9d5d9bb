"""Test-wide settings: no network, a headless matplotlib, figures closed after each test.

Any attempt to open a network connection to a host other than this machine
(loopback, which Jupyter kernels use to talk to nbval and papermill) fails
the test with :class:`NetworkAccessError`. DNS look-ups of other hosts fail
the same way.
"""

from __future__ import annotations

import ipaddress

# matplotlib is not imported here: on a machine without a display it picks its
# headless Agg backend by itself, and setting MPLBACKEND in the environment would
# leak into the notebook kernels that nbval starts and stop their inline figures.
# A per-user download of ECB rates (`sinorus fx-update`) must not change what the tests see: point the
# cache at an empty folder, for this process and the notebook kernels it starts.
import os
import socket
import tempfile

import pytest

os.environ["SINORUS_CACHE_DIR"] = tempfile.mkdtemp(prefix="sinorus-test-cache-")


class NetworkAccessError(RuntimeError):
    """A test tried to reach the network."""


_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host is None or host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _check(sock, address) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_local(host):
        raise NetworkAccessError(f"tests may not use the network (tried to connect to {address!r})")


def _guarded_connect(self, address):
    _check(self, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    _check(self, address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        raise NetworkAccessError(f"tests may not use the network (tried to resolve {host!r})")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config):
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo


def pytest_unconfigure(config):
    socket.socket.connect = _real_connect
    socket.socket.connect_ex = _real_connect_ex
    socket.getaddrinfo = _real_getaddrinfo


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
