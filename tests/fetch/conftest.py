"""The guard's tests share the security tests' trap for connections to anywhere but loopback, and their servers
(:mod:`tests.security.conftest`)."""

from tests.security.conftest import *  # noqa: F403  (pytest finds the fixtures in this module's names)
