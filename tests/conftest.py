from __future__ import annotations

import pytest
from step_results import computed_results, wrong_gradient


@pytest.fixture(scope="session")
def step_results():
    """Every proof step, each backed by exact checks that held."""
    return computed_results()


@pytest.fixture(scope="session")
def failing_step_results():
    """The same, but the weight-gradient step checks a wrong formula."""
    return computed_results(gradient=wrong_gradient, failing="s5_weight_gradient")
