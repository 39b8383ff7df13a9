"""Wrong candidates for the backprop formulas of paper §5, shared by the
engine tests: each comes with a shape on which it shows."""

from __future__ import annotations

import pytest
import sympy


def single_entry_slip(E, a, w):
    """``E_{n+1} a_nᵀ`` plus 1 at entry (2, 3) (or the nearest one a small
    layer has): wrong at that one entry only."""
    rows, cols = w.shape
    slip = sympy.zeros(rows, cols)
    slip[min(rows, 2) - 1, min(cols, 3) - 1] = 1
    return E * a.T + slip


# wrong candidates of paper §5, each with shapes where it shows
MUTANTS = {
    "transposed gradient a_n E_{n+1}ᵀ": (
        dict(gradient=lambda E, a, w: a * E.T),
        [3, 3, 3],
    ),
    "untransposed error w_n E_{n+1}": (
        dict(error=lambda w, E: w * E),
        [2, 2, 2, 2],
    ),
    "off by one layer E_n a_nᵀ": (
        dict(gradient=lambda E, a, w: (w.T * E) * a.T),
        [3, 3, 3],
    ),
    "negated gradient −E_{n+1} a_nᵀ": (
        dict(gradient=lambda E, a, w: -E * a.T),
        [4, 3, 2],
    ),
    "doubled gradient 2 E_{n+1} a_nᵀ": (
        dict(gradient=lambda E, a, w: 2 * E * a.T),
        [2, 3, 1],
    ),
    "wrong shape a_n E_{n+1}ᵀ on non-square layers": (
        dict(gradient=lambda E, a, w: a * E.T),
        [2, 3, 2],
    ),
    "one wrong entry": (dict(gradient=single_entry_slip), [3, 3, 3, 3]),
}

MUTANT_CASES = [
    pytest.param(candidate, widths, id=name)
    for name, (candidate, widths) in MUTANTS.items()
]
