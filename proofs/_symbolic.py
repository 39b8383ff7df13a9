"""The all-shapes level of the proof steps: claims checked for symbolic widths.

A step whose claim does not depend on the shape is also checked with the
widths as symbols ``n_1 … n_L`` (:mod:`symbackprop.shapes`): the input,
the weights and the target are matrix symbols of those sizes, derivatives
come from SymPy's matrix calculus checked against an independent
derivation (:func:`~symbackprop.shapes.matrix_gradient`), and equalities
are decided in the normal form for matrix polynomials
(:func:`~symbackprop.shapes.normal_form`), never by ``simplify``. One
check covers every choice of widths at once for a given number of layers
``L``, so a step is run for several depths.

A failure is a :class:`~proofs._step.ClaimFailed` whose message and
``details["residual"]`` show the nonzero difference in the normal form,
or the product whose symbolic shapes do not fit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import sympy
from sympy.matrices.exceptions import ShapeError

from proofs._step import ClaimFailed, quote
from symbackprop.errors import Unsupported
from symbackprop.formulas import evaluate
from symbackprop.shapes import (
    MatrixPolynomial,
    SymbolicNetwork,
    matrix_gradient,
    normal_form,
    symbolic_network,
)
from symbackprop.shapes.normal_form import NormalFormAlgebra, ShapeMismatch


def fits(expression: Any, what: str) -> MatrixPolynomial:
    """The normal form of an expression, or a failure if its shapes do not fit.

    SymPy does not check products of matrices whose sizes are symbols
    (``w_1*w_1`` is accepted for a non-square ``w_1``), so the shapes are
    checked while the normal form is built.

    Raises:
        ClaimFailed: a product or sum whose symbolic shapes do not fit.
    """
    try:
        return normal_form(expression)
    except ShapeMismatch as mismatch:
        raise ClaimFailed(
            f"{what}: for symbolic widths, {mismatch} ({quote(expression)})",
            shape_error=True,
        ) from None


def formula_form(
    formula: Callable[..., Any],
    arguments: Sequence[tuple[sympy.MatrixSymbol, MatrixPolynomial]],
    expected_shape: tuple[Any, Any],
    what: str,
) -> MatrixPolynomial:
    """A formula written on matrix symbols, with each symbol bound to a
    normal form, as one normal form.

    Args:
        formula: a callable taking the matrix symbols in order.
        arguments: ``(symbol, value)`` pairs, in the formula's order; the
            symbols have symbolic shapes.
        expected_shape: the shape the claim says the result has.
        what: the quantity, for messages.

    Raises:
        ClaimFailed: the formula multiplies or adds matrices whose symbolic
            shapes do not fit, or gives a result of another shape.

    Example:
        >>> net = symbolic_network(2)
        >>> w, a = net.weights[0], net.input
        >>> formula_form(lambda m, x: m.T * x, [(w, normal_form(w)),
        ...              (a, normal_form(a))], a.shape, "a")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        proofs._step.ClaimFailed: a: for symbolic widths, cannot multiply a ...
    """
    symbols = [symbol for symbol, _ in arguments]
    try:
        expression = formula(*symbols)
    except ShapeError:
        shapes = ", ".join(f"{s.name} is {s.shape[0]}×{s.shape[1]}" for s in symbols)
        raise ClaimFailed(
            f"{what}: the formula multiplies matrices whose shapes do not fit "
            f"({shapes})",
            shape_error=True,
        ) from None
    fits(expression, what)
    try:
        value = evaluate(expression, dict(arguments), NormalFormAlgebra())
    except ShapeMismatch as mismatch:
        raise ClaimFailed(
            f"{what}: for symbolic widths, {mismatch} ({quote(expression)})",
            shape_error=True,
        ) from None
    if isinstance(value, MatrixPolynomial) and value.scalar:
        raise Unsupported(f"{what}: the formula gives a number, not a matrix")
    if tuple(value.shape) != tuple(sympy.sympify(d) for d in expected_shape):
        raise ClaimFailed(
            f"{what}: the formula gives a {value.shape[0]}×{value.shape[1]} matrix, "
            f"but {what} is {expected_shape[0]}×{expected_shape[1]}",
            shape_error=True,
        )
    return value


def require_same(
    what: str,
    left: MatrixPolynomial,
    right: MatrixPolynomial,
    left_name: str,
    right_name: str,
) -> None:
    """Raise :class:`ClaimFailed` unless two normal forms are equal.

    The difference is taken in the normal form; a term left over is the
    counterexample, kept whole in ``details["residual"]``.

    Example:
        >>> net = symbolic_network(2)
        >>> a, y = normal_form(net.input), normal_form(net.target)
        >>> require_same("x", a.T @ a, (a.T @ a).T, "aᵀa", "(aᵀa)ᵀ")
        >>> require_same("x", a.scale(2), a, "2a", "a")
        Traceback (most recent call last):
        ...
        proofs._step.ClaimFailed: x: 2a − a = a_1, not 0 in the normal form
    """
    if left.shape != right.shape:
        raise ClaimFailed(
            f"{what}: {left_name} is {left.shape[0]}×{left.shape[1]} but "
            f"{right_name} is {right.shape[0]}×{right.shape[1]}",
            shape_error=True,
        )
    residual = left - right
    if not residual.is_zero:
        expression = residual.to_expr()
        raise ClaimFailed(
            f"{what}: {left_name} − {right_name} = {quote(expression)}, not 0 in the "
            "normal form",
            residual=expression,
        )


def free_activation(network: SymbolicNetwork, n: int) -> sympy.MatrixSymbol:
    """``a_n`` as a matrix symbol of its own (``n_n × 1``), not a product.

    For ``n = 1`` it is the input itself.
    """
    if n == 1:
        return network.input
    return sympy.MatrixSymbol(f"a_{n}", network.widths[n - 1], network.columns)


def cost_from(network: SymbolicNetwork, n: int, activation: Any) -> sympy.Expr:
    """``C`` as a function of ``a_n``: ``½‖w_{L-1} ⋯ w_n a_n − y‖²`` (§2, §4.1)."""
    later = network.weights[n - 1 :]
    output = sympy.MatMul(*reversed(later), activation) if later else activation
    return network.cost(output)


@functools.cache
def error_by_definition(layers: int, n: int) -> MatrixPolynomial:
    """``E_n = ∂C/∂a_n`` (§4.1) with ``a_n`` free, by SymPy's matrix
    calculus checked against the independent derivation.

    Results are kept, since several steps need the same derivatives; each
    is still computed, never written in.
    """
    network = symbolic_network(layers)
    activation = free_activation(network, n)
    _, form = matrix_gradient(cost_from(network, n, activation), activation)
    return form


@functools.cache
def weight_gradient(layers: int, n: int) -> MatrixPolynomial:
    """``∂C/∂w_n`` of the composed cost, by SymPy's matrix calculus checked
    against the independent derivation."""
    network = symbolic_network(layers)
    _, form = matrix_gradient(network.cost(), network.weights[n - 1])
    return form


def put(form: MatrixPolynomial, replacements: dict[Any, Any]) -> MatrixPolynomial:
    """A normal form with some matrix symbols replaced by expressions."""
    return normal_form(form.to_expr().xreplace(replacements))
