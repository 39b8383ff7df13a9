"""The exact engines check a batch of examples (input d_1×B, target d_L×B)."""

from __future__ import annotations

import pytest

from symbackprop import Network, verify

BATCHES = [([2, 3, 2], 2), ([1, 2], 3), ([3, 1, 2], 2), ([2, 2, 2, 1], 1)]


@pytest.mark.parametrize("method", ["exact", "sympy"])
@pytest.mark.parametrize("widths, batch", BATCHES)
def test_the_papers_formulas_hold_for_a_batch(widths, batch, method):
    report = verify(Network(widths, batch=batch), method=method)
    assert report.ok and report.batch == batch
    assert report.entries_checked == sum(
        d_in * d_out for d_in, d_out in zip(widths, widths[1:])
    )


@pytest.mark.parametrize("method", ["exact", "sympy"])
@pytest.mark.parametrize("widths, batch", BATCHES)
def test_a_wrong_formula_is_rejected_for_a_batch(widths, batch, method):
    report = verify(
        Network(widths, batch=batch),
        gradient=lambda E, a, w: 2 * E * a.T,
        method=method,
    )
    assert not report.ok and report.counterexample.residual != 0


def test_a_formula_with_a_matrix_power_is_evaluated_exactly():
    report = verify([2, 2], gradient=lambda E, a, w: E * a.T * w * w)
    assert not report.ok and report.counterexample.entry is not None
