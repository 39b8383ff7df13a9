"""Paper §5, the weight gradient, line by line.

Claim: entry by entry, the chain rule through ``a_{n+1}`` gives
``∂C/∂w_n[i,j] = Σ_k E_{n+1}[k] ∂a_{n+1}[k]/∂w_n[i,j]``; since
``a_{n+1}[k] = Σ_j w_n[k,j] a_n[j]``, the inner derivative is
``δ_{ki} a_n[j]``; hence ``∂C/∂w_n[i,j] = E_{n+1}[i] a_n[j]``, which is the
matrix ``E_{n+1} a_nᵀ`` (the transpose of ``a_n`` again making the shapes
match).

Checked exactly, for each shape and each ``n = 1 … L-1``, with ``E_{n+1}``
taken from its definition (the gradient of the cost by a free
``a_{n+1}``, evaluated at the network's ``a_{n+1}``), so this step does not
lean on the error recursion: the inner derivatives equal the claimed ones
(by default ``δ_{ki} a_n[j]``); the entrywise chain rule reproduces the
direct ``∂C/∂w_n``; and the gradient formula (by default ``E_{n+1} a_nᵀ``)
equals it.

Checked for symbolic widths ``n_1 … n_L`` too (``check_all_shapes``): the
chain rule through ``a_{n+1}`` and the gradient formula against SymPy's
matrix calculus, in the normal form.
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork, fresh_activation
from proofs._step import ClaimFailed, formula_value, require_equal, run_step
from proofs._symbolic import (
    error_by_definition,
    formula_form,
    free_activation,
    put,
    require_same,
    weight_gradient,
)
from symbackprop.formulas import paper_gradient
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.shapes import matrix_gradient, normal_form, symbolic_network

SECTION = "5"
TITLE = "∂C/∂w_n = E_{n+1} a_nᵀ"
CLAIM = (
    "By the chain rule ∂C/∂w_n[i,j] = Σ_k E_{n+1}[k] ∂a_{n+1}[k]/∂w_n[i,j], "
    "and ∂a_{n+1}[k]/∂w_n[i,j] = δ_{ki} a_n[j]; hence ∂C/∂w_n = E_{n+1} a_nᵀ."
)
LATEX = (
    r"\frac{\partial C}{\partial (w_n)_{ij}} = \sum_k (E_{n+1})_k "
    r"\frac{\partial (a_{n+1})_k}{\partial (w_n)_{ij}} = (E_{n+1})_i (a_n)_j,"
    r"\quad \frac{\partial C}{\partial w_n} = E_{n+1} a_n^\top"
)


def paper_local_derivative(k: int, i: int, j: int, activation, zero):
    """``∂a_{n+1}[k]/∂w_n[i,j] = δ_{ki} a_n[j]`` (0-based indices)."""
    return activation[j, 0] if k == i else zero


def check(
    widths: tuple[int, ...],
    gradient=paper_gradient,
    local_derivative=paper_local_derivative,
) -> None:
    """Check the weight gradient of §5 for one network shape.

    Args:
        widths: ``d_1 … d_L``.
        gradient: ``f(E_{n+1}, a_n, w_n)`` on matrix symbols, the claimed
            ``∂C/∂w_n``.
        local_derivative: ``g(k, i, j, a_n, zero)``, the claimed
            ``∂a_{n+1}[k]/∂w_n[i,j]`` (0-based indices).

    Raises:
        ClaimFailed: a line of the derivation fails.

    Example:
        >>> check((2, 3, 2))
    """
    network = Network(widths)
    for n in range(1, network.layers):
        rows, cols = network.weight_shape(n)
        following = fresh_activation(network, n + 1)
        exact = ExactNetwork(network, list(following))
        zero = exact.ring.constant(0)
        activations = exact.forward(1, exact.input)
        weight_symbols = network.weight(n)

        # the direct gradient, and E_{n+1} from its definition
        direct = exact.gradient(exact.cost(activations[-1]), weight_symbols)
        error = exact.gradient(
            exact.cost(exact.forward(n + 1, exact.lift(following))[-1]), following
        )
        error = exact.replace(error, dict(zip(following, activations[n].flat)))

        # the inner derivatives ∂a_{n+1}[k]/∂w_n[i,j], and the chain rule
        chain = []
        for i in range(rows):
            for j in range(cols):
                index = exact.index[weight_symbols[i, j]]
                total = zero
                for k in range(rows):
                    inner = exact.ring.derivative(activations[n][k, 0], index)
                    claimed = local_derivative(k, i, j, activations[n - 1], zero)
                    if inner != claimed:
                        raise ClaimFailed(
                            f"∂a_{n + 1}[{k + 1}]/∂w_{n}[{i + 1},{j + 1}] is "
                            f"{exact.to_sympy(inner)}, the claim says "
                            f"{exact.to_sympy(claimed)}"
                        )
                    total = total + error[k, 0] * inner
                chain.append(total)
        require_equal(
            f"∂C/∂w_{n}",
            direct,
            exact.algebra.matrix(rows, cols, chain),
            "direct differentiation",
            "Σ_k E_{n+1}[k] ∂a_{n+1}[k]/∂w_n[i,j]",
            exact.to_sympy,
        )

        # hence the gradient formula
        formula = formula_value(
            gradient,
            [
                (sympy.MatrixSymbol(f"E_{n + 1}", rows, 1), error),
                (sympy.MatrixSymbol(f"a_{n}", cols, 1), activations[n - 1]),
                (sympy.MatrixSymbol(f"w_{n}", rows, cols), exact.weights[n - 1]),
            ],
            (rows, cols),
            f"∂C/∂w_{n}",
            exact.algebra,
        )
        require_equal(
            f"∂C/∂w_{n}",
            direct,
            formula,
            "direct differentiation",
            "the gradient formula",
            exact.to_sympy,
        )


def check_all_shapes(layers: int, gradient=paper_gradient) -> None:
    """Check the weight gradient of §5 for symbolic widths ``n_1 … n_L``.

    For each ``n``: ``∂C/∂w_n`` by matrix calculus; ``E_{n+1}`` from its
    definition (matrix calculus by a free ``a_{n+1}``, then the network's
    ``a_{n+1}``); the chain rule through ``a_{n+1}``, as the gradient of
    ``tr(E_{n+1}ᵀ w_n a_n)`` by ``w_n`` with ``E_{n+1}`` and ``a_n`` held;
    and the gradient formula. (The entrywise inner derivatives are an
    exact-level ingredient.)

    Args:
        layers: ``L``.
        gradient: ``f(E_{n+1}, a_n, w_n)`` on matrix symbols, the claimed
            ``∂C/∂w_n``.

    Raises:
        ClaimFailed: a line fails; the message shows the residual.

    Example:
        >>> check_all_shapes(3)
    """
    network = symbolic_network(layers)
    activations = network.activations
    for n in range(1, layers):
        weight = network.weights[n - 1]
        rows, cols = weight.shape
        direct = weight_gradient(layers, n)
        following = free_activation(network, n + 1)
        error = put(error_by_definition(layers, n + 1), {following: activations[n]})

        # the chain rule through a_{n+1}, with E_{n+1} and a_n held
        held_error = sympy.MatrixSymbol(f"E_{n + 1}", rows, network.columns)
        held_activation = free_activation(network, n)
        _, chain = matrix_gradient(
            sympy.Trace(held_error.T * weight * held_activation), weight
        )
        values = {held_error: error.to_expr(), held_activation: activations[n - 1]}
        require_same(
            f"∂C/∂w_{n}",
            direct,
            put(chain, values),
            "matrix calculus",
            "the chain rule through a_{n+1}",
        )

        # hence the gradient formula
        formula = formula_form(
            gradient,
            [
                (held_error, error),
                (held_activation, normal_form(activations[n - 1])),
                (weight, normal_form(weight)),
            ],
            (rows, cols),
            f"∂C/∂w_{n}",
        )
        require_same(
            f"∂C/∂w_{n}", direct, formula, "matrix calculus", "the gradient formula"
        )


def run(quick: bool = False, shapes=None, depths=None, **ingredients) -> StepResult:
    """Check this step for symbolic widths at each depth, then on every
    concrete shape (or the quick subsets, or ``depths`` and ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, depths, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
