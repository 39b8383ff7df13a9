"""Paper §4.1: the error of a layer is the gradient of the cost there.

Claim: ``E_n = ∂C/∂a_n`` is the gradient of the cost with respect to the
layer's output: a column of the same shape as ``a_n`` (``d_n × 1``) whose
entry ``i`` is the rate at which ``C`` changes when ``a_n[i]`` alone
moves, the later layers following by the forward rule.

Checked exactly, for each shape and each layer ``n = 1 … L``: ``a_n`` is
made a column of symbols of its own, the cost is composed from it through
``w_n … w_{L-1}``, and the error as defined (by default each partial
derivative placed in ``a_n``'s shape) must be ``d_n × 1`` and, entry by
entry, equal the coefficient of ``t`` in ``C(a_n + t e_i)``, a
rate of change computed by moving the point rather than by differentiating
by ``a_n``.
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork, fresh_activation
from proofs._step import ClaimFailed, require_equal, run_step
from symbackprop.network import Network
from symbackprop.proof import StepResult

SECTION = "4.1"
TITLE = "E_n = ∂C/∂a_n, shaped like a_n"
CLAIM = (
    "The error E_n = ∂C/∂a_n is the gradient of the cost with respect to a_n: "
    "a d_n × 1 column whose entry i is the rate of change of C when a_n[i] "
    "alone moves."
)
LATEX = (
    r"E_n = \frac{\partial C}{\partial a_n} \in \mathbb{R}^{d_n},\quad "
    r"(E_n)_i = \frac{d}{dt} C(a_n + t e_i)\Big|_{t=0}"
)

#: the variable that moves the point ``a_n + t e_i``
STEP = sympy.Symbol("t")


def paper_error(exact: ExactNetwork, cost, activation: sympy.MatrixBase):
    """``∂C/∂a_n`` with each partial derivative placed where ``a_n[i]`` is
    (the layout of §4.1: the error has ``a_n``'s shape)."""
    return exact.gradient(cost, activation)


def check(widths: tuple[int, ...], error=paper_error) -> None:
    """Check the definition of the error (§4.1) for one network shape.

    Args:
        widths: ``d_1 … d_L``.
        error: ``f(exact, C, a_n)``, the claimed ``E_n`` from the cost as a
            polynomial in a free ``a_n`` (a matrix of symbols).

    Raises:
        ClaimFailed: the error has another shape than ``a_n``, or an entry
            is not the rate of change of ``C`` along that entry.

    Example:
        >>> check((2, 3, 2))
    """
    network = Network(widths)
    for n in range(1, network.layers + 1):
        free = fresh_activation(network, n)
        exact = ExactNetwork(network, [*free, STEP])
        cost = exact.cost(exact.forward(n, exact.lift(free))[-1])

        errors = error(exact, cost, free)
        if tuple(errors.shape) != (widths[n - 1], 1):
            raise ClaimFailed(
                f"E_{n} is {errors.shape[0]}×{errors.shape[1]}, but a_{n} is "
                f"{widths[n - 1]}×1"
            )

        # the rate of change along e_i: coefficient of t in C(a_n + t e_i)
        rates = []
        step = exact.generators[STEP]
        at_zero = list(exact.ring.generators())
        at_zero[exact.index[STEP]] = exact.ring.constant(0)
        for i in range(widths[n - 1]):
            moved = exact.lift(free)
            moved[i, 0] = moved[i, 0] + step
            along = exact.cost(exact.forward(n, moved)[-1])
            slope = exact.ring.derivative(along, exact.index[STEP])
            rates.append(slope.compose(*at_zero))
        require_equal(
            f"E_{n}",
            errors,
            exact.algebra.matrix(widths[n - 1], 1, rates),
            "the definition",
            "the rate of change d/dt C(a_n + t e_i) at t = 0",
            exact.to_sympy,
        )


def run(quick: bool = False, shapes=None, **ingredients) -> StepResult:
    """Check this step on every shape (or the quick subset, or ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
