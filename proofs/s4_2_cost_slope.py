"""Paper §4.2: the slope of the squared-error cost is ``a_L − y``.

Claim: for the paper's cost ``C = ½ ‖a_L − y‖²``, the gradient with
respect to the output is ``∂C/∂a_L = a_L − y``, so it is computable from
the output and the target alone.

Checked exactly, for each shape: with the output as symbols of its own,
the cost's derivative by each output entry equals the claimed formula
(by default ``a_L − y``), written on matrix symbols, entry by entry, as
polynomials in the output and the target.
"""

from __future__ import annotations

import sys

import sympy

from proofs._step import formula_value, require_equal, run_step
from symbackprop.cost import Cost, SquaredError
from symbackprop.formulas import SympyAlgebra
from symbackprop.network import Network
from symbackprop.proof import StepResult
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


def run(quick: bool = False, shapes=None, **ingredients) -> StepResult:
    """Check this step on every shape (or the quick subset, or ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
