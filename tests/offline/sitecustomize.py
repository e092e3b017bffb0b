"""Test-only network guard, loaded by every Python process the tests start.

tests/conftest.py puts this folder on PYTHONPATH, so notebook kernels (nbval, the book
build, the offline tests) and the book build itself run with every connection refused
unless it stays on this machine. Kernels still reach their frontend over loopback.
A notebook or build step that needs the internet then fails loudly instead of passing
on a connected machine and breaking for an offline learner.
"""

import ipaddress
import socket

_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(address) -> None:
    # Unix-socket paths (str/bytes) are local; (host, port, ...) tuples must be loopback.
    if isinstance(address, tuple) and not _is_local(address[0]):
        raise ConnectionRefusedError(f"network disabled by the course tests: {address[0]}")


def _guarded_connect(self, address):
    _check(address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    _check(address)
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        raise socket.gaierror(socket.EAI_NONAME, f"network disabled by the course tests: {host}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo
