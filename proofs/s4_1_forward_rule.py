"""Paper §4.1: the forward rule, and activations from input and weights.

Claim: each layer is the previous one times the weights between them,
``a_{n+1} = w_n a_n``, which neuron by neuron reads
``a_{n+1}[k] = Σ_j w_n[k, j] a_n[j]``; unrolled, ``a_n = w_{n-1} ⋯ w_1 a_1``,
so the activations follow from the input and the weights alone (the
paper's remark in §4.2).

Checked exactly, for each shape and layer: the rule, as a formula on
matrix symbols, fits the shapes and gives ``d_{n+1} × 1``; its value
equals the neuron-by-neuron sum; applying it layer by layer equals the
product of the weight matrices, formed first, times ``a_1``; and ``a_n``
involves no symbol other than ``a_1`` and ``w_1 … w_{n-1}``.
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork
from proofs._step import ClaimFailed, formula_value, require_equal, run_step
from symbackprop.network import Network
from symbackprop.proof import StepResult

SECTION = "4.1"
TITLE = "a_{n+1} = w_n a_n = w_n ⋯ w_1 a_1"
CLAIM = (
    "Each layer is the weights times the previous layer, a_{n+1} = w_n a_n "
    "(a_{n+1}[k] = Σ_j w_n[k,j] a_n[j]); hence a_n = w_{n-1} ⋯ w_1 a_1 "
    "depends only on the input and the weights."
)
LATEX = r"a_{n+1} = w_n a_n, \qquad a_n = w_{n-1} w_{n-2} \cdots w_1 a_1"


def paper_forward(weight, activation):
    """``a_{n+1} = w_n a_n`` (paper §4.1), on matrix symbols."""
    return weight * activation


def check(widths: tuple[int, ...], forward=paper_forward) -> None:
    """Check the forward rule of §4.1 for one network shape.

    Args:
        widths: ``d_1 … d_L``.
        forward: ``f(w_n, a_n)``, the claimed ``a_{n+1}``.

    Raises:
        ClaimFailed: the rule does not fit the shapes, differs from the
            neuron-by-neuron sum or from the unrolled product, or brings in
            a symbol other than the input and the earlier weights.

    Example:
        >>> check((2, 3, 2))
    """
    network = Network(widths)
    exact = ExactNetwork(network)
    weights = exact.weights
    activation = exact.input
    product = exact.algebra.identity(widths[0])
    allowed = set(network.input)

    for n in range(1, network.layers):
        rows, cols = network.weight_shape(n)
        following = formula_value(
            forward,
            [
                (sympy.MatrixSymbol(f"w_{n}", rows, cols), weights[n - 1]),
                (sympy.MatrixSymbol(f"a_{n}", cols, 1), activation),
            ],
            (rows, 1),
            f"a_{n + 1}",
            exact.algebra,
        )

        # neuron by neuron: a_{n+1}[k] = Σ_j w_n[k, j] a_n[j]
        neurons = []
        for k in range(rows):
            total = exact.ring.constant(0)
            for j in range(cols):
                total = total + weights[n - 1][k, j] * activation[j, 0]
            neurons.append(total)
        require_equal(
            f"a_{n + 1}",
            following,
            exact.algebra.matrix(rows, 1, neurons),
            "the rule",
            "Σ_j w_n[k,j] a_n[j]",
            exact.to_sympy,
        )

        # unrolled: (w_n ⋯ w_1) a_1, the weights multiplied together first
        product = weights[n - 1] @ product
        require_equal(
            f"a_{n + 1}",
            following,
            product @ exact.input,
            "the rule applied layer by layer",
            f"(w_{n} ⋯ w_1) a_1",
            exact.to_sympy,
        )

        # only the input and the weights w_1 … w_n appear
        allowed |= set(network.weight(n))
        for entry in following.flat:
            stray = exact.to_sympy(entry).free_symbols - allowed
            if stray:
                raise ClaimFailed(
                    f"a_{n + 1} involves {', '.join(sorted(map(str, stray)))}, "
                    f"which is neither the input nor w_1 … w_{n}"
                )
        activation = following


def run(quick: bool = False, shapes=None, **ingredients) -> StepResult:
    """Check this step on every shape (or the quick subset, or ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
