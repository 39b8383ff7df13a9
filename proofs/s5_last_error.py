"""Paper §5, first step: the last error is computable.

Claim: by the definition of the error (§4.1), ``E_L = ∂C/∂a_L``, which is
exactly the quantity §4.2 assumes computable: the slope of the cost at
the output, a function of the output ``a_L`` and the target ``y`` alone.
So backpropagation may start from it.

Checked exactly, for each shape: the start of backpropagation (by default
the cost's own slope at the output) mentions nothing but the output and
the target; and, placed at the network's output ``a_L = w_{L-1} ⋯ w_1 a_1``,
it equals, entry by entry, the rate of change of the composed cost when
that output entry alone moves, i.e. ``E_L`` as §4.1 defines it.
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork
from proofs._step import ClaimFailed, require_equal, run_step
from symbackprop.cost import Cost, SquaredError
from symbackprop.engines.polynomial import substitute
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.symbols import entry_matrix

SECTION = "5"
TITLE = "E_L = ∂C/∂a_L is computable"
CLAIM = (
    "The last error E_L = ∂C/∂a_L is the slope of the cost at the output, "
    "assumed computable in §4.2 from a_L and y alone; backprop starts there."
)
LATEX = r"E_L = \frac{\partial C}{\partial a_L}(a_L, y)"

#: the variable that moves the output ``a_L + t e_i``
STEP = sympy.Symbol("t")


def paper_last_error(cost: Cost, output: sympy.MatrixBase, target: sympy.MatrixBase):
    """``∂C/∂a_L`` at ``output`` (paper §5): the cost's slope there."""
    return cost.slope(output, target)


def check(
    widths: tuple[int, ...], last_error=paper_last_error, cost: Cost | None = None
) -> None:
    """Check that backprop's start is the last error (§5) for one shape.

    Args:
        widths: ``d_1 … d_L``.
        last_error: ``f(cost, a_L, y)``, what backprop starts from.
        cost: the cost.

    Raises:
        ClaimFailed: the start needs more than ``a_L`` and ``y``, or differs
            from the rate of change of ``C`` at the output.

    Example:
        >>> check((2, 3, 2))
    """
    cost = SquaredError() if cost is None else cost
    network = Network(widths)
    output = entry_matrix("o", None, widths[-1], 1)

    # built from the output and the target alone (§4.2's assumption)
    start = sympy.ImmutableMatrix(last_error(cost, output, network.target))
    allowed = set(output) | set(network.target)
    stray = start.free_symbols - allowed
    if stray or start.atoms(sympy.Derivative, sympy.Subs):
        extra = ", ".join(sorted(map(str, stray))) or "an unevaluated derivative"
        raise ClaimFailed(f"the start of backprop needs {extra}, not only a_L and y")
    if start.shape != (widths[-1], 1):
        raise ClaimFailed(
            f"E_L is {start.shape[0]}×{start.shape[1]}, but a_L is {widths[-1]}×1"
        )

    # at the network's output it is E_L as defined: the rate of change of C
    exact = ExactNetwork(network, [STEP])
    actual = exact.forward(1, exact.input)[-1]
    values = dict(zip(output, actual.flat))
    values.update(zip(network.target, exact.target.flat))
    at_start = exact.algebra.matrix(
        widths[-1], 1, [substitute(exact.ring, entry, values) for entry in start]
    )
    images = list(exact.ring.generators())
    rates = []
    at_zero = list(images)
    at_zero[exact.index[STEP]] = exact.ring.constant(0)
    for i in range(widths[-1]):
        moved = actual.copy()
        moved[i, 0] = moved[i, 0] + exact.generators[STEP]
        slope = exact.ring.derivative(exact.cost(moved, cost), exact.index[STEP])
        rates.append(slope.compose(*at_zero))
    require_equal(
        "E_L",
        at_start,
        exact.algebra.matrix(widths[-1], 1, rates),
        "the start of backprop",
        "the rate of change of C at the output",
        exact.to_sympy,
    )


def run(quick: bool = False, shapes=None, **ingredients) -> StepResult:
    """Check this step on every shape (or the quick subset, or ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
