"""SymPy's matrix calculus traps (SymPy 1.14) are caught, never passed."""

from __future__ import annotations

import pytest
import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from symbackprop.errors import SymbackpropError, VerificationError
from symbackprop.shapes.matrix_calculus import matrix_gradient, sympy_gradient
from symbackprop.shapes.normal_form import normal_form

n1, n2 = sympy.symbols("n_1 n_2", integer=True, positive=True)

#: weights are rarely square: concrete and symbolic rectangular shapes
RECTANGULAR = [(3, 2), (2, 5), (n2, n1)]


def _layer(rows, cols):
    w = sympy.MatrixSymbol("w", rows, cols)
    x = sympy.MatrixSymbol("x", cols, 1)
    t = sympy.MatrixSymbol("t", rows, 1)
    return w, x, t, w * x - t


@pytest.mark.parametrize("rows, cols", RECTANGULAR)
def test_a_1x1_matrix_cost_by_a_rectangular_weight_is_a_rank_4_array_and_refused(
    rows, cols
):
    w, _, _, r = _layer(rows, cols)
    cost = r.T * r / 2  # a 1×1 matrix, not a scalar
    assert not isinstance(sympy.diff(cost, w), MatrixExpr)  # the trap
    with pytest.raises(VerificationError, match="not a .* matrix"):
        sympy_gradient(cost, w)


@pytest.mark.parametrize("rows, cols", RECTANGULAR)
def test_a_trace_plus_a_weight_penalty_silently_differentiates_to_zero_and_is_caught(
    rows, cols
):
    w, _, _, r = _layer(rows, cols)
    penalty = sympy.Symbol("lambda")
    cost = sympy.Trace(r.T * r) / 2 + penalty * sympy.Trace(w.T * w)
    assert isinstance(sympy.diff(cost, w), sympy.ZeroMatrix)  # the trap
    with pytest.raises(VerificationError, match="= 0"):
        matrix_gradient(cost, w)


@pytest.mark.parametrize("rows, cols", RECTANGULAR)
def test_a_trace_plus_a_constant_silently_differentiates_to_zero_and_is_caught(
    rows, cols
):
    w, _, _, _ = _layer(rows, cols)
    x = sympy.MatrixSymbol("x", rows, cols)
    cost = sympy.Trace(x.T * w) + sympy.Symbol("b")
    assert isinstance(sympy.diff(cost, w), sympy.ZeroMatrix)  # the trap
    with pytest.raises(VerificationError, match="= 0"):
        matrix_gradient(cost, w)


def test_a_cost_built_from_a_matrix_entry_is_refused_rather_than_differentiated():
    w, _, _, r = _layer(3, 2)
    cost = (r.T * r)[0, 0]
    assert isinstance(sympy.diff(cost, w), sympy.ZeroMatrix)  # the trap
    with pytest.raises(SymbackpropError):
        matrix_gradient(cost, w)


@pytest.mark.parametrize("rows, cols", RECTANGULAR)
def test_the_squared_error_gradient_agrees_with_the_independent_derivation(rows, cols):
    w, x, t, r = _layer(rows, cols)
    _, form = matrix_gradient(sympy.Trace(r.T * r) / 2, w)
    assert form == normal_form(w * x * x.T - t * x.T)


def test_a_disagreement_with_the_independent_derivation_is_an_error(monkeypatch):
    w, x, _, r = _layer(n2, n1)
    wrong = 2 * (w * x) * x.T
    monkeypatch.setattr(sympy, "diff", lambda cost, by: wrong)
    with pytest.raises(VerificationError, match="disagree"):
        matrix_gradient(sympy.Trace(r.T * r) / 2, w)
