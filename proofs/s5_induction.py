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

Checked for symbolic widths ``n_1 … n_L`` too, for ``L`` up to 6 and every
``n`` (``check_all_shapes``): the same three quantities, by matrix
calculus, compared in the normal form.
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork, fresh_activation
from proofs._step import formula_value, require_equal, run_step
from proofs._symbolic import (
    error_by_definition,
    formula_form,
    free_activation,
    put,
    require_same,
)
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.shapes import normal_form, symbolic_network

SECTION = "5"
TITLE = "E_n = w_nᵀ ⋯ w_{L-1}ᵀ E_L (induction)"
CLAIM = (
    "From E_L, the recursion gives E_n = w_nᵀ w_{n+1}ᵀ ⋯ w_{L-1}ᵀ E_L = ∂C/∂a_n "
    "for every layer n, so every error is computable."
)
#: the deepest network checked for symbolic widths
DEEPEST = 6

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


def check_all_shapes(layers: int, closed_form=paper_closed_form) -> None:
    """Check the unrolled recursion of §5 for symbolic widths ``n_1 … n_L``.

    For each ``n``, with ``a_n`` free: ``E_L = ∂C/∂a_L`` by matrix calculus
    at ``a_L = w_{L-1} ⋯ w_n a_n``, the recursion applied layer by layer,
    the closed form, and ``∂C/∂a_n`` by matrix calculus, compared in the
    normal form.

    Args:
        layers: ``L``.
        closed_form: ``f([w_n, …, w_{L-1}], E_L)``, the claimed ``E_n``.

    Raises:
        ClaimFailed: the closed form does not fit the symbolic shapes, or
            its residual against the recursion or ``∂C/∂a_n`` is not zero.

    Example:
        >>> check_all_shapes(4)
    """
    network = symbolic_network(layers)
    weights = [normal_form(weight) for weight in network.weights]
    output = free_activation(network, layers)
    for n in range(1, layers + 1):
        here = free_activation(network, n)
        reached = network.weights[n - 1 :]
        at_output = sympy.MatMul(*reversed(reached), here) if reached else here
        last_error = put(error_by_definition(layers, layers), {output: at_output})

        # the recursion, one layer at a time
        recursion = last_error
        for k in range(layers - 1, n - 1, -1):
            recursion = weights[k - 1].T @ recursion  # E_k = w_kᵀ E_{k+1}

        # the closed form, on matrix symbols of symbolic shape
        symbols = [(weight, normal_form(weight)) for weight in reached]
        error_symbol = sympy.MatrixSymbol(
            f"E_{layers}", network.widths[-1], network.columns
        )
        closed = formula_form(
            _unpacked(closed_form),
            [*symbols, (error_symbol, last_error)],
            (network.widths[n - 1], network.columns),
            f"E_{n}",
        )
        require_same(f"E_{n}", recursion, closed, "the recursion", "the closed form")
        require_same(
            f"E_{n}",
            error_by_definition(layers, n),
            closed,
            "matrix calculus",
            "the closed form",
        )


def run(quick: bool = False, shapes=None, depths=None, **ingredients) -> StepResult:
    """Check this step for symbolic widths at each depth, then on every
    concrete shape (or the quick subsets, or ``depths`` and ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, depths, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
