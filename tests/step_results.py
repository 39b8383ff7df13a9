"""Proof-step results computed by real checks, for the rendering tests.

Each step is backed by ``verify`` on a few small shapes, with the paper's
formulas or with a deliberately wrong one, so a mark in a rendered
document always reflects a check that ran and could have failed.
"""

from __future__ import annotations

import time

from symbackprop import verify
from symbackprop.proof import StepResult
from symbackprop.render.steps import STEP_NAMES

SHAPES = ((2, 2), (2, 3, 2), (1, 1, 1))


def wrong_gradient(error_next, activation, weight):
    """``a_n E_{n+1}ᵀ``: the transpose a student might write."""
    return activation * error_next.T


def computed_results(gradient=None, failing: str | None = None) -> list[StepResult]:
    """A result for every step name; ``failing`` is checked with ``gradient``."""
    results = []
    for name in STEP_NAMES:
        start = time.perf_counter()
        candidate = gradient if name == failing else None
        reports = [verify(shape, gradient=candidate) for shape in SHAPES]
        ok = all(report.ok for report in reports)
        failure = next((r for r in reports if not r.ok), None)
        results.append(
            StepResult(
                name=name,
                section=name[1:].split("_")[0],
                claim=f"checked by verify on {len(SHAPES)} shapes",
                latex=r"\frac{\partial C}{\partial w_n} = E_{n+1} a_n^{T}",
                ok=ok,
                level="exact",
                shapes=tuple("-".join(map(str, shape)) for shape in SHAPES),
                seconds=time.perf_counter() - start,
                message=None if failure is None else failure.counterexample.message,
            )
        )
    return results
