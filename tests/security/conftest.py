"""Fixtures for the attacks: a forbidden target and an allowed host on loopback, and a trap that stops any
connection to an address outside loopback (should the guard ever fail, a test still never leaves the
machine; each attempt is recorded so the test can say so)."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from tests.security.servers import LocalServer, text

SECRET = "the forbidden target's secret"


@pytest.fixture(autouse=True)
def outside_connections(monkeypatch) -> list[tuple]:
    """Every attempt to connect to an address that is not loopback: recorded and refused, never made."""
    attempts: list[tuple] = []
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        host = address[0]
        try:
            local = ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
        except ValueError:
            local = host == "localhost"
        if not local:
            attempts.append(address)
            raise ConnectionRefusedError(f"test trap: no connection outside loopback ({host})")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts


@pytest.fixture
def forbidden():
    """A server on 127.0.0.1 that no test may reach: it records every connection."""
    with LocalServer({"/secret": text(SECRET, "text/html"), "/feed.xml": text("<rss/>", "application/rss+xml")}) as server:
        yield server


@pytest.fixture
def allowed():
    """A server on 127.0.0.1 that tests allow by its exact address and port; tests add routes to it."""
    with LocalServer({"/page": text("<html><body><p>an allowed page</p></body></html>")}) as server:
        yield server
