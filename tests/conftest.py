"""Shared test settings: hypothesis profiles sized for a 2-core machine, and
proof-step results for the rendering tests."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import proofs
from proofs import s5_weight_gradient

settings.register_profile(
    "default",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def wrong_gradient(error_next, activation, weight):
    """``a_n E_{n+1}ᵀ``: the transpose a student might write."""
    return activation * error_next.T


@pytest.fixture(scope="session")
def step_results():
    """Every proof step of the paper, run on the quick shapes."""
    return proofs.run_all(quick=True)


@pytest.fixture(scope="session")
def failing_step_results(step_results):
    """The same, but the weight-gradient step checks a wrong formula."""
    failing = s5_weight_gradient.run(quick=True, gradient=wrong_gradient)
    return [failing if step.name == failing.name else step for step in step_results]
