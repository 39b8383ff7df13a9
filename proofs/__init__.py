"""The paper's proof of backpropagation, one executable step per file.

Each step module, in the paper's order, states one claim (``CLAIM`` in
words, ``LATEX`` in mathematics), checks it exactly with ``check(shape,
...)`` (whose ingredients, such as the formula or the Jacobian, can be
replaced by wrong ones to see the check fail) and returns a
:class:`~symbackprop.proof.StepResult` from ``run``. Every step can also be
run alone: ``python3 -m proofs.s5_error_recursion``.

Example:
    >>> import proofs
    >>> [step.SECTION for step in proofs.STEPS][:3]
    ['2', '3', '4.1']
    >>> run_step("s4_2_cost_slope", quick=True).ok
    True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

from symbackprop.errors import InvalidInput
from symbackprop.proof import STEP_NAMES, StepResult

from ._step import ClaimFailed

#: the steps' module names, in the paper's order
NAMES: tuple[str, ...] = STEP_NAMES


def __getattr__(name: str):
    # STEPS (the step modules, in order) is imported on first use, so that
    # ``python3 -m proofs.<step>`` does not import its own step twice
    if name == "STEPS":
        return tuple(importlib.import_module(f"{__name__}.{step}") for step in NAMES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["NAMES", "STEPS", "ClaimFailed", "run_all", "run_step", "step_named"]


def step_named(name: str) -> ModuleType:
    """The step module called ``name`` (e.g. ``"s5_induction"``).

    Raises:
        InvalidInput: no step has that name.
    """
    if name in NAMES:
        return importlib.import_module(f"{__name__}.{name}")
    names = ", ".join(NAMES)
    raise InvalidInput(f"no proof step named {name!r}; the steps are {names}")


def run_step(name: str, quick: bool = False) -> StepResult:
    """Run one step by name on its shapes (or the quick subset)."""
    return step_named(name).run(quick=quick)


def run_all(
    quick: bool = False,
    progress: Callable[[ModuleType], None] | None = None,
) -> list[StepResult]:
    """Run every step in the paper's order.

    Args:
        quick: check each step on a few shapes only.
        progress: called with each step's module before it runs.

    Returns:
        One result per step, in order.
    """
    results = []
    for step in __getattr__("STEPS"):
        if progress is not None:
            progress(step)
        results.append(step.run(quick=quick))
    return results
