"""SymPy's matrix calculus, with its known failures turned into errors.

``sympy.diff(C, W)`` on matrix symbols is the direct route of the
all-shapes level, but on SymPy 1.14 it can go wrong without a warning:

* a cost written as a 1×1 matrix (``rᵀr`` rather than ``tr(rᵀr)``)
  differentiated by a non-square matrix comes back as a rank-4 array;
* a cost built from a matrix entry, or a sum of traces with another term,
  can come back as a ``ZeroMatrix``.

:func:`matrix_gradient` refuses anything but a matrix of ``W``'s shape, and
compares the result with an independent derivation in the normal form
(:meth:`MatrixPolynomial.derivative`); a zero or a disagreement is a
:class:`~symbackprop.errors.VerificationError`, never accepted.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from ..errors import VerificationError
from .normal_form import MatrixPolynomial, normal_form


def sympy_gradient(cost: Any, weight: sympy.MatrixSymbol) -> sympy.MatrixExpr:
    """``sympy.diff(cost, weight)``, refused unless it is a matrix of
    ``weight``'s shape.

    Raises:
        VerificationError: SymPy returned an array or a matrix of another
            shape.

    Example:
        >>> import sympy
        >>> w = sympy.MatrixSymbol("w", 3, 2)
        >>> x, t = sympy.MatrixSymbol("x", 2, 1), sympy.MatrixSymbol("t", 3, 1)
        >>> sympy_gradient(sympy.Trace((w * x - t).T * (w * x - t)) / 2, w)
        2*(-(1/2)*t + (1/2)*w*x)*x.T
    """
    derivative = sympy.diff(cost, weight)
    if not isinstance(derivative, MatrixExpr):
        shape = getattr(derivative, "shape", None)
        raise VerificationError(
            f"SymPy's matrix calculus gave ∂C/∂{weight.name} as a "
            f"{type(derivative).__name__} of shape {shape}, not a "
            f"{weight.shape[0]}×{weight.shape[1]} matrix"
        )
    if tuple(derivative.shape) != tuple(weight.shape):
        raise VerificationError(
            f"SymPy's matrix calculus gave ∂C/∂{weight.name} of shape "
            f"{derivative.shape[0]}×{derivative.shape[1]}, but {weight.name} is "
            f"{weight.shape[0]}×{weight.shape[1]}"
        )
    return derivative


def matrix_gradient(
    cost: Any,
    weight: sympy.MatrixSymbol,
    cost_form: MatrixPolynomial | None = None,
    put_back: dict[sympy.MatrixSymbol, sympy.MatrixExpr] | None = None,
) -> tuple[sympy.MatrixExpr, MatrixPolynomial]:
    """``∂C/∂w`` by SymPy, checked against an independent derivation.

    Args:
        cost: a scalar SymPy expression in matrix symbols.
        weight: the matrix symbol to differentiate by.
        cost_form: the normal form of the whole cost, if already computed;
            the independent derivation differentiates it.
        put_back: matrix symbols of ``cost`` that stand for products not
            involving ``w``, substituted into SymPy's derivative (the chain
            rule); ``cost_form`` must then be given.

    Returns:
        SymPy's derivative, and its normal form.

    Raises:
        VerificationError: SymPy's result is not a matrix of ``w``'s shape,
            is zero although the cost depends on ``w``, or differs from the
            independent derivation.

    Example:
        >>> import sympy
        >>> n, m = sympy.symbols("n m", integer=True, positive=True)
        >>> w = sympy.MatrixSymbol("w", m, n)
        >>> x, t = sympy.MatrixSymbol("x", n, 1), sympy.MatrixSymbol("t", m, 1)
        >>> expression, form = matrix_gradient(
        ...     sympy.Trace((w * x - t).T * (w * x - t)) / 2, w)
        >>> form.to_expr()
        -(t*x.T) + w*x*x.T
    """
    cost_form = normal_form(cost) if cost_form is None else cost_form
    independent = cost_form.derivative(weight)
    if weight in _symbols(cost_form) and independent.is_zero:
        raise VerificationError(
            f"the independent derivation gave ∂C/∂{weight.name} = 0 although C "
            f"depends on {weight.name}"
        )
    derivative = sympy_gradient(cost, weight)
    if put_back:
        derivative = derivative.xreplace(put_back)
    form = normal_form(derivative)
    if form.is_zero and not independent.is_zero:
        raise VerificationError(
            f"SymPy's matrix calculus gave ∂C/∂{weight.name} = 0, but C depends "
            f"on {weight.name}: the independent derivation gives "
            f"{sympy.sstr(independent.to_expr())}"
        )
    if form != independent:
        raise VerificationError(
            f"SymPy's matrix calculus and the independent derivation disagree on "
            f"∂C/∂{weight.name}: {sympy.sstr(form.to_expr())} against "
            f"{sympy.sstr(independent.to_expr())}"
        )
    return derivative, form


def _symbols(form: MatrixPolynomial) -> set[sympy.MatrixSymbol]:
    return {
        symbol
        for term in form.terms
        for word in (term.word, *term.cycles)
        for symbol, _ in word
    }
