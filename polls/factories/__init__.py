"""Factories of surveys, deliberations and elections (tests, demo and benchmarks)."""

from .deliberations import *  # noqa: F403
from .elections import *  # noqa: F403
from .surveys import *  # noqa: F403
