"""The matrix-polynomial normal form decides identities for every shape."""

from __future__ import annotations

import pytest
import sympy

from symbackprop.errors import Unsupported
from symbackprop.shapes.normal_form import ShapeMismatch, is_zero, normal_form

n, m, k, B = sympy.symbols("n m k B", integer=True, positive=True)
w = sympy.MatrixSymbol("w", m, n)
v = sympy.MatrixSymbol("v", k, m)
x, u = sympy.MatrixSymbol("x", n, 1), sympy.MatrixSymbol("u", n, 1)
y = sympy.MatrixSymbol("y", m, 1)
X, Y = sympy.MatrixSymbol("X", n, B), sympy.MatrixSymbol("Y", m, B)
S, T = sympy.MatrixSymbol("S", n, n), sympy.MatrixSymbol("T", n, n)


@pytest.mark.parametrize(
    "left, right",
    [
        ((v * w * x).T, x.T * w.T * v.T),  # transposes pushed onto symbols
        (w * (x + u), w * x + w * u),  # products distributed over sums
        (x.T * w.T * y, y.T * w * x),  # a 1×1 product is its own transpose
        (u * x.T * u, sympy.Trace(x.T * u) * u),  # a 1×1 piece is a number
        (sympy.Trace(S * T), sympy.Trace(T * S)),  # trace is cyclic
        (sympy.Trace(S * T), sympy.Trace((S * T).T)),  # and transpose-invariant
        (sympy.Trace(u * x.T * u * x.T), sympy.Trace(x.T * u) ** 2),
        ((S + T) ** 2, S * S + S * T + T * S + T * T),
        (sympy.Rational(1, 3) * w + sympy.Rational(2, 3) * w, w),
    ],
)
def test_identities_that_hold_for_every_shape_are_proved(left, right):
    assert is_zero(left - right)
    assert normal_form(left) == normal_form(right)


@pytest.mark.parametrize(
    "left, right",
    [
        (S * T, T * S),  # square matrices do not commute
        (X.T * w.T * Y, Y.T * w * X),  # B×B, not a number: not its transpose
        (u * x.T, x * u.T),  # an outer product is not symmetric
        (2 * w, w),
        (S, S.T),
    ],
)
def test_expressions_that_differ_are_not_proved_equal(left, right):
    assert not is_zero(left - right)


def test_a_zero_matrix_is_zero_although_sympy_says_it_is_not_0():
    assert (w - w) != 0  # SymPy: a ZeroMatrix does not compare equal to 0
    assert is_zero(w - w)
    assert is_zero(sympy.ZeroMatrix(m, n))


def test_simplify_cannot_prove_a_scalar_equals_its_transpose_but_the_normal_form_can():
    difference = x.T * w.T * y - y.T * w * x
    assert sympy.simplify(difference) != 0  # the trap, on SymPy 1.14
    assert is_zero(difference)


def test_normal_form_survives_a_round_trip_through_sympy():
    form = normal_form(sympy.Trace((w * x - y).T * (w * x - y)) / 2)
    assert normal_form(form.to_expr()) == form


def test_independent_derivative_of_a_trace_is_the_transposed_cofactor():
    cost = sympy.Trace(v * w * S * w.T * v.T)
    expected = v.T * v * w * S.T + v.T * v * w * S
    assert normal_form(cost).derivative(w) == normal_form(expected)


def test_products_of_unfit_shapes_are_refused():
    with pytest.raises(ShapeMismatch, match="cannot multiply"):
        normal_form(w * w)
    with pytest.raises(ShapeMismatch, match="different shapes"):
        normal_form(w + w.T)


def test_operations_outside_matrix_polynomials_are_named_as_unsupported():
    with pytest.raises(Unsupported, match="powers other than"):
        normal_form(S.I)
    with pytest.raises(Unsupported, match="does not support"):
        normal_form((x.T * u)[0, 0])
