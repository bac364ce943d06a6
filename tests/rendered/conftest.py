"""The demo sites' fixtures (:mod:`tests.support.sites`)."""

from tests.support.sites import *  # noqa: F403  (pytest finds the fixtures in this module's names)
