"""Shared test settings: hypothesis profiles sized for a 2-core machine, and
proof-step results for the rendering tests."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from step_results import computed_results, wrong_gradient

settings.register_profile(
    "default",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def step_results():
    """Every proof step, each backed by exact checks that held."""
    return computed_results()


@pytest.fixture(scope="session")
def failing_step_results():
    """The same, but the weight-gradient step checks a wrong formula."""
    return computed_results(gradient=wrong_gradient, failing="s5_weight_gradient")
