"""Paper §2: the shapes of the weights, and the cost.

Claim: with layer ``n`` of width ``d_n``, the weight matrix ``w_n`` that
carries layer ``n`` to layer ``n + 1`` is ``d_{n+1} × d_n``, which is
exactly what makes the chain ``w_{L-1} ⋯ w_1 a_1`` well formed and of the
output's shape; and the paper's cost ``½ (a_L − y)²`` is, for vectors, the
scalar ``½ (a_L − y)ᵀ (a_L − y) = ½ ‖a_L − y‖²``.

Checked, for each shape: the network's ``w_n`` has the claimed shape; the
product of matrix symbols of the claimed shapes is defined and is
``d_L × 1``; and the cost, written with the output as symbols of its own,
equals ``½ (a_L − y)ᵀ (a_L − y)`` as a polynomial. For symbolic widths
``n_1 … n_L`` (``check_all_shapes``): the claimed shapes are the symbolic
network's, the chain fits and is ``n_L × 1``, and the cost on matrix
symbols, ``½ tr((a_L − y)ᵀ(a_L − y))``, equals ``½ (a_L − y)ᵀ (a_L − y)``
in the normal form (a replaced ``cost`` is an exact-level ingredient).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import sympy
from sympy.matrices.exceptions import ShapeError

from proofs._step import ClaimFailed, quote, run_step
from proofs._symbolic import fits, free_activation, require_same
from symbackprop.cost import Cost, SquaredError
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.shapes import symbolic_network
from symbackprop.symbols import entry_matrix

SECTION = "2"
TITLE = "w_n is d_{n+1}×d_n; C = ½‖a_L − y‖²"
CLAIM = (
    "The weight matrix w_n from layer n to layer n+1 is d_{n+1} × d_n, so "
    "w_{L-1} ⋯ w_1 a_1 is defined and has the output's shape; the cost "
    "½(a_L − y)² is, for vectors, ½(a_L − y)ᵀ(a_L − y) = ½‖a_L − y‖²."
)
LATEX = (
    r"w_n \in \mathbb{R}^{d_{n+1}\times d_n},\quad "
    r"C = \tfrac12 (a_L - y)^\top (a_L - y) = \tfrac12 \lVert a_L - y\rVert^2"
)


def paper_weight_shape(widths: Sequence[int], n: int) -> tuple[int, int]:
    """``(d_{n+1}, d_n)``, the paper's shape of ``w_n`` (layers from 1).

    Example:
        >>> paper_weight_shape((2, 3, 4), 1)
        (3, 2)
    """
    return widths[n], widths[n - 1]


def check(
    widths: tuple[int, ...],
    weight_shape=paper_weight_shape,
    cost: Cost | None = None,
) -> None:
    """Check the shapes and the cost of §2 for one network shape.

    Args:
        widths: ``d_1 … d_L``.
        weight_shape: the claimed shape of ``w_n``, ``f(widths, n)``.
        cost: the cost to compare with ``½ (a_L − y)ᵀ (a_L − y)``.

    Raises:
        ClaimFailed: a shape or the cost is not as claimed.

    Example:
        >>> check((2, 3, 2))
    """
    cost = SquaredError() if cost is None else cost
    network = Network(widths)

    # the network's weights have the claimed shapes
    for n in range(1, network.layers):
        claimed = tuple(weight_shape(widths, n))
        actual = network.weight(n).shape
        if claimed != actual:
            raise ClaimFailed(
                f"w_{n} is {actual[0]}×{actual[1]} in the network but the claim "
                f"says {claimed[0]}×{claimed[1]}"
            )

    # with the claimed shapes, w_{L-1} ⋯ w_1 a_1 is defined, of a_L's shape
    chain = sympy.MatrixSymbol("a_1", widths[0], 1)
    for n in range(1, network.layers):
        weight = sympy.MatrixSymbol(f"w_{n}", *weight_shape(widths, n))
        try:
            chain = weight * chain
        except ShapeError:
            raise ClaimFailed(
                f"w_{n} ⋯ w_1 a_1 is not defined: w_{n} is "
                f"{weight.shape[0]}×{weight.shape[1]} and w_{n - 1} ⋯ a_1 is "
                f"{chain.shape[0]}×{chain.shape[1]}"
            ) from None
    if tuple(chain.shape) != (widths[-1], 1):
        raise ClaimFailed(
            f"w_{network.layers - 1} ⋯ w_1 a_1 is {chain.shape[0]}×{chain.shape[1]}, "
            f"not the output's {widths[-1]}×1"
        )

    # the cost is ½ (a_L − y)ᵀ (a_L − y), with the output as free symbols
    output = entry_matrix("o", None, widths[-1], 1)
    residual = output - network.target
    expected = sympy.expand(sympy.Rational(1, 2) * (residual.T * residual)[0, 0])
    actual = sympy.expand(cost.value(output, network.target))
    if expected != actual:
        raise ClaimFailed(
            f"the cost {cost.name} is {quote(actual)}, not ½(a_L − y)ᵀ(a_L − y) "
            f"= {quote(expected)}",
            left=actual,
            right=expected,
        )


def paper_matrix_cost(output, target):
    """``½ tr((a_L − y)ᵀ(a_L − y))``, the cost of the all-shapes level, on
    matrix symbols of symbolic shape."""
    residual = output - target
    return sympy.Rational(1, 2) * sympy.Trace(residual.T * residual)


def check_all_shapes(
    layers: int, weight_shape=paper_weight_shape, matrix_cost=paper_matrix_cost
) -> None:
    """Check the shapes and the cost of §2 for symbolic widths ``n_1 … n_L``.

    Args:
        layers: ``L``.
        weight_shape: the claimed shape of ``w_n``, ``f(widths, n)``, here
            with the widths symbols.
        matrix_cost: the cost on matrix symbols, ``f(a_L, y)``, compared
            with ``½ (a_L − y)ᵀ (a_L − y)`` in the normal form.

    Raises:
        ClaimFailed: a shape or the cost is not as claimed.

    Example:
        >>> check_all_shapes(3)
    """
    network = symbolic_network(layers)
    widths = network.widths

    # the all-shapes network's weights have the claimed shapes
    for n in range(1, layers):
        claimed = tuple(weight_shape(widths, n))
        actual = network.weight_shape(n)
        if claimed != actual:
            raise ClaimFailed(
                f"w_{n} is {actual[0]}×{actual[1]} in the network but the claim "
                f"says {claimed[0]}×{claimed[1]}",
                shape_error=True,
            )

    # with the claimed shapes, w_{L-1} ⋯ w_1 a_1 fits and is n_L × 1
    chain = network.input
    for n in range(1, layers):
        chain = sympy.MatMul(
            sympy.MatrixSymbol(f"w_{n}", *weight_shape(widths, n)), chain
        )
    product = fits(chain, f"w_{layers - 1} ⋯ w_1 a_1")
    if product.shape != (widths[-1], 1):
        raise ClaimFailed(
            f"w_{layers - 1} ⋯ w_1 a_1 is {product.shape[0]}×{product.shape[1]}, "
            f"not the output's {widths[-1]}×1",
            shape_error=True,
        )

    # the cost is ½ (a_L − y)ᵀ (a_L − y), a 1×1 matrix taken as a number
    output = free_activation(network, layers)
    residual = output - network.target
    expected = fits(
        sympy.Rational(1, 2) * residual.T * residual, "½(a_L − y)ᵀ(a_L − y)"
    )
    actual = fits(matrix_cost(output, network.target), "the cost")
    require_same("C", actual, expected, "the cost", "½(a_L − y)ᵀ(a_L − y)")


def run(quick: bool = False, shapes=None, depths=None, **ingredients) -> StepResult:
    """Check this step for symbolic widths at each depth, then on every
    concrete shape (or the quick subsets, or ``depths`` and ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, depths, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
