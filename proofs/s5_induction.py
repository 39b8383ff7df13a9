"""Paper §5, the induction: every error from the last one.

Claim: starting from ``E_L`` and applying ``E_n = w_nᵀ E_{n+1}`` down to
layer ``n`` gives ``E_n = w_nᵀ w_{n+1}ᵀ ⋯ w_{L-1}ᵀ E_L`` for every ``n``,
and this is ``∂C/∂a_n``; so every error is computable from ``E_L`` and
the weights. The paper sketches the induction in words; here it is carried
out for every layer.

Checked exactly, for each shape and each ``n = 1 … L``, with ``a_n`` a
column of symbols of its own (so the identity holds whatever ``a_n`` is):
the closed form (by default the product of the transposed weights, the
weights multiplied together first) equals the recursion applied layer by
layer from ``E_L = ∂C/∂a_L``, and both equal ``∂C/∂a_n`` by direct
differentiation.
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork, fresh_activation
from proofs._step import formula_value, require_equal, run_step
from symbackprop.network import Network
from symbackprop.proof import StepResult

SECTION = "5"
TITLE = "E_n = w_nᵀ ⋯ w_{L-1}ᵀ E_L (induction)"
CLAIM = (
    "From E_L, the recursion gives E_n = w_nᵀ w_{n+1}ᵀ ⋯ w_{L-1}ᵀ E_L = ∂C/∂a_n "
    "for every layer n, so every error is computable."
)
LATEX = r"E_n = w_n^\top w_{n+1}^\top \cdots w_{L-1}^\top E_L"


def paper_closed_form(weights, last_error):
    """``w_nᵀ w_{n+1}ᵀ ⋯ w_{L-1}ᵀ E_L`` on matrix symbols; ``weights`` is
    ``[w_n, …, w_{L-1}]`` (empty for ``n = L``)."""
    if not weights:
        return last_error
    return sympy.MatMul(*[weight.T for weight in weights], last_error)


def check(widths: tuple[int, ...], closed_form=paper_closed_form) -> None:
    """Check the unrolled recursion of §5 for one network shape.

    Args:
        widths: ``d_1 … d_L``.
        closed_form: ``f([w_n, …, w_{L-1}], E_L)``, the claimed ``E_n``.

    Raises:
        ClaimFailed: the closed form does not fit, or differs from the
            recursion or from ``∂C/∂a_n``.

    Example:
        >>> check((2, 3, 2))
    """
    network = Network(widths)
    layers = network.layers
    for n in range(1, layers + 1):
        free = fresh_activation(network, n)
        exact = ExactNetwork(network, list(free))
        weights = exact.weights
        output = exact.forward(n, exact.lift(free))[-1]
        last_error = exact.slope(output)

        # the recursion, one layer at a time (the paper's informal induction)
        recursion = last_error
        for k in range(layers - 1, n - 1, -1):
            recursion = weights[k - 1].T @ recursion  # E_k = w_kᵀ E_{k+1}

        # the closed form, the weights multiplied together first
        symbols = [
            (sympy.MatrixSymbol(f"w_{k}", *network.weight_shape(k)), weights[k - 1])
            for k in range(n, layers)
        ]
        error_symbol = sympy.MatrixSymbol(f"E_{layers}", widths[-1], 1)
        closed = formula_value(
            _unpacked(closed_form),
            [*symbols, (error_symbol, last_error)],
            (widths[n - 1], 1),
            f"E_{n}",
            exact.algebra,
        )
        require_equal(
            f"E_{n}",
            recursion,
            closed,
            "the recursion",
            "the closed form",
            exact.to_sympy,
        )

        # and both are ∂C/∂a_n
        require_equal(
            f"E_{n}",
            exact.gradient(exact.cost(output), free),
            closed,
            "direct differentiation",
            "the closed form",
            exact.to_sympy,
        )


def _unpacked(closed_form):
    """The closed form as a formula of separate matrix arguments."""

    def formula(*arguments):
        return closed_form(list(arguments[:-1]), arguments[-1])

    return formula


def run(quick: bool = False, shapes=None, **ingredients) -> StepResult:
    """Check this step on every shape (or the quick subset, or ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
