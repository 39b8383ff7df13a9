"""Paper §4.2: the slope of the squared-error cost is ``a_L − y``.

Claim: for the paper's cost ``C = ½ ‖a_L − y‖²``, the gradient with
respect to the output is ``∂C/∂a_L = a_L − y``, so it is computable from
the output and the target alone.

Checked exactly, for each shape: with the output as symbols of its own,
the cost's derivative by each output entry equals the claimed formula
(by default ``a_L − y``), written on matrix symbols, entry by entry, as
polynomials in the output and the target; and for a symbolic output
width ``n_L`` (``check_all_shapes``), by SymPy's matrix calculus, in the
normal form.
"""

from __future__ import annotations

import sys

import sympy

from proofs._step import formula_value, require_equal, run_step
from proofs._symbolic import (
    error_by_definition,
    formula_form,
    free_activation,
    require_same,
)
from symbackprop.cost import Cost, SquaredError
from symbackprop.formulas import SympyAlgebra
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.shapes import normal_form, symbolic_network
from symbackprop.symbols import entry_matrix

SECTION = "4.2"
TITLE = "∂C/∂a_L = a_L − y"
CLAIM = (
    "For the cost C = ½‖a_L − y‖², the slope with respect to the output is "
    "∂C/∂a_L = a_L − y, computable from the output and the target."
)
LATEX = r"\frac{\partial}{\partial a_L} \tfrac12 \lVert a_L - y\rVert^2 = a_L - y"


def paper_slope(output, target):
    """``a_L − y`` (paper §4.2), on matrix symbols."""
    return output - target


def check(widths: tuple[int, ...], slope=paper_slope, cost: Cost | None = None) -> None:
    """Check the slope of the cost (§4.2) for one network shape.

    Args:
        widths: ``d_1 … d_L``.
        slope: ``f(a_L, y)``, the claimed ``∂C/∂a_L``.
        cost: the cost whose slope is claimed.

    Raises:
        ClaimFailed: an entry of the derivative differs from the formula.

    Example:
        >>> check((2, 3))
    """
    cost = SquaredError() if cost is None else cost
    network = Network(widths)
    output = entry_matrix("o", None, widths[-1], 1)
    target = network.target

    # differentiate C by each output entry, the output a free column
    value = cost.value(output, target)
    direct = output.applyfunc(lambda entry: sympy.expand(sympy.diff(value, entry)))

    claimed = formula_value(
        slope,
        [
            (sympy.MatrixSymbol("a_L", widths[-1], 1), output),
            (sympy.MatrixSymbol("y", widths[-1], 1), target),
        ],
        (widths[-1], 1),
        "∂C/∂a_L",
        SympyAlgebra(),
    ).applyfunc(sympy.expand)
    require_equal("∂C/∂a_L", direct, claimed, "differentiating C", "the formula")


def check_all_shapes(layers: int, slope=paper_slope) -> None:
    """Check the slope of the cost (§4.2) for a symbolic output width.

    ``∂C/∂a_L`` of ``C = ½ tr((a_L − y)ᵀ(a_L − y))``, with ``a_L`` a free
    ``n_L × 1`` matrix symbol, by SymPy's matrix calculus (checked against
    the independent derivation), equals the claimed formula in the normal
    form. (A replaced ``cost`` is an exact-level ingredient.)

    Args:
        layers: ``L``.
        slope: ``f(a_L, y)``, the claimed ``∂C/∂a_L``.

    Raises:
        ClaimFailed: the formula does not fit, or its residual is not zero.

    Example:
        >>> check_all_shapes(2)
    """
    network = symbolic_network(layers)
    output = free_activation(network, layers)
    claimed = formula_form(
        slope,
        [(output, normal_form(output)), (network.target, normal_form(network.target))],
        output.shape,
        "∂C/∂a_L",
    )
    require_same(
        "∂C/∂a_L",
        error_by_definition(layers, layers),
        claimed,
        "matrix calculus",
        "the formula",
    )


def run(quick: bool = False, shapes=None, depths=None, **ingredients) -> StepResult:
    """Check this step for symbolic widths at each depth, then on every
    concrete shape (or the quick subsets, or ``depths`` and ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, depths, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
