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
        ("E * a.T / (2 * 3)", sympy.Rational(1, 6) * E * a.T),
        ("(w.T * w)**2 * E * a.T", (w.T * w) ** 2 * E * a.T),
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
        "E ** 0.5",
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


@pytest.mark.parametrize(
    "text, message",
    [
        ("E * a.T + 0", "cannot add a number to a matrix"),
        ("1 - E * a.T", "cannot add a number to a matrix"),
        ("E * a.T * 1e400", "out of range"),
        ("E @ 2", "@ multiplies two matrices"),
        ("2 .T * E", "only a matrix can be transposed"),
        ("E ** a", "whole number exponent"),
        ("E ** -1", "whole number exponent"),
        ("E % 2", "operator % is not allowed"),
        ("1", "must give a matrix"),
    ],
)
def test_refusals_say_what_is_wrong(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_formula(text, GRADIENT_VARIABLES)(E, a, w)


def test_division_by_zero_is_refused_when_built():
    formula = parse_formula("E * a.T / (1 - 1)", GRADIENT_VARIABLES)
    with pytest.raises(InvalidInput, match="divides by zero"):
        formula(E, a, w)


def test_error_formula_may_not_use_the_activation():
    with pytest.raises(InvalidInput, match="unknown name 'a'"):
        parse_formula("w.T * E * a", ERROR_VARIABLES)


def test_tiny_decimals_are_read_exactly_not_as_zero():
    formula = parse_formula("E * a.T * 1e-400", GRADIENT_VARIABLES)(E, a, w)
    assert formula == sympy.Rational(1, 10**400) * E * a.T


@pytest.mark.parametrize("text", ["w**9 * E * a.T", "E * a.T * 9**9**9"])
def test_powers_above_the_cap_are_refused(text):
    with pytest.raises(InvalidInput, match="from 0 to 8"):
        parse_formula(text, GRADIENT_VARIABLES)
