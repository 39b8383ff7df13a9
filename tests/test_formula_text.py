"""Formulas typed as text are read by a whitelist, never evaluated."""

from __future__ import annotations

import pytest
import sympy

from symbackprop import InvalidInput
from symbackprop.formula_text import ERROR_VARIABLES, GRADIENT_VARIABLES, parse_formula

E, a, w = (sympy.MatrixSymbol(name, 3, 3) for name in ("E", "a", "w"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("E * a.T", E * a.T),
        ("E_next @ a_n.T", E * a.T),
        ("-2 * E * a.T", -2 * E * a.T),
        ("E * a.T / 2", sympy.Rational(1, 2) * E * a.T),
        ("0.5 * E * a.T", sympy.Rational(1, 2) * E * a.T),
        ("(w.T * E) * a.T", w.T * E * a.T),
        ("E*a.T + E*a.T - E*a.T", E * a.T),
    ],
)
def test_gradient_text_builds_the_formula(text, expected):
    assert parse_formula(text, GRADIENT_VARIABLES)(E, a, w) == expected


def test_error_text_takes_weight_then_error():
    assert parse_formula("w.T * E", ERROR_VARIABLES)(w, E) == w.T * E


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo pwned')",
        "E.__class__",
        "E ** 2",
        "x * a.T",
        "lambda: 0",
        "[E]",
        "E if a else w",
        "E / a",
        "True * E",
        "'E'",
        "E *",
        "E" * 600,
    ],
)
def test_anything_else_is_refused(text):
    with pytest.raises(InvalidInput):
        parse_formula(text, GRADIENT_VARIABLES)


def test_error_formula_may_not_use_the_activation():
    with pytest.raises(InvalidInput, match="unknown name 'a'"):
        parse_formula("w.T * E * a", ERROR_VARIABLES)
