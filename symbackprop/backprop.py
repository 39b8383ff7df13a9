"""The backpropagation route (paper §5), in any engine's arithmetic.

Starting from the last error ``E_L = ∂C/∂a_L``, the error formula gives
``E_{L-1}, ..., E_2`` one layer at a time (the paper's informal induction),
and the gradient formula gives ``∂C/∂w_n`` from ``E_{n+1}``, ``a_n`` and
``w_n``. Nothing here differentiates: the only derivative used is the
slope of the cost at the output, which §4.2 assumes computable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .formulas import Algebra, Formulas, FormulaShapeError, evaluate, layer_symbols


def backprop_gradients(
    widths: Sequence[Any],
    formulas: Formulas,
    algebra: Algebra,
    weights: Sequence[Any],
    activations: Sequence[Any],
    last_error: Any,
    columns: Any = 1,
) -> list[Any]:
    """``∂C/∂w_n`` for ``n = 1 ... L-1`` by the given formulas.

    Args:
        widths: ``d_1 ... d_L`` (integers, or symbols for symbolic shapes).
        formulas: the gradient and error formulas to apply.
        algebra: the arithmetic the matrices live in.
        weights: ``w_1 ... w_{L-1}`` in that arithmetic.
        activations: ``a_1 ... a_L`` in that arithmetic.
        last_error: ``E_L = ∂C/∂a_L`` in that arithmetic.
        columns: 1, or the batch size.

    Returns:
        One entry per weight matrix, ``w_1`` first: the gradient, or the
        :class:`FormulaShapeError` that prevented computing it.

    Example:
        >>> import sympy
        >>> from .formulas import SympyAlgebra
        >>> w, a = sympy.Matrix([[2]]), sympy.Matrix([3])
        >>> backprop_gradients([1, 1], Formulas(), SympyAlgebra(), [w], [a, w * a],
        ...                    sympy.Matrix([5]))
        [Matrix([[15]])]
    """
    layers = len(widths)
    errors: dict[int, Any] = {layers: last_error}
    for n in range(layers - 1, 1, -1):
        if isinstance(errors[n + 1], FormulaShapeError):
            errors[n] = errors[n + 1]
            continue
        shape = (widths[n], widths[n - 1])
        try:
            expression = formulas.error_expression(n, shape, columns)
        except FormulaShapeError as failure:
            errors[n] = failure
            continue
        error_next, _, weight = layer_symbols(n, *shape, columns)
        values = {error_next: errors[n + 1], weight: weights[n - 1]}
        errors[n] = evaluate(expression, values, algebra)

    gradients: list[Any] = []
    for n in range(1, layers):
        if isinstance(errors[n + 1], FormulaShapeError):
            gradients.append(errors[n + 1])
            continue
        shape = (widths[n], widths[n - 1])
        try:
            expression = formulas.gradient_expression(n, shape, columns)
        except FormulaShapeError as failure:
            gradients.append(failure)
            continue
        error_next, activation, weight = layer_symbols(n, *shape, columns)
        values = {
            error_next: errors[n + 1],
            activation: activations[n - 1],
            weight: weights[n - 1],
        }
        gradients.append(evaluate(expression, values, algebra))
    return gradients
