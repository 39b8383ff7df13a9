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
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork, fresh_activation
from proofs._step import ClaimFailed, formula_value, require_equal, run_step
from symbackprop.formulas import paper_gradient
from symbackprop.network import Network
from symbackprop.proof import StepResult

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


def run(quick: bool = False, shapes=None, **ingredients) -> StepResult:
    """Check this step on every shape (or the quick subset, or ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
