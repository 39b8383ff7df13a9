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
involves no symbol other than ``a_1`` and ``w_1 … w_{n-1}``. For symbolic
widths ``n_1 … n_L`` (``check_all_shapes``): the rule fits, equals the
product in the normal form, and involves only ``a_1`` and the weights
(the neuron-by-neuron sum needs concrete widths).
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork
from proofs._step import ClaimFailed, formula_value, require_equal, run_step
from proofs._symbolic import formula_form, free_activation, require_same
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.shapes import normal_form, symbolic_network

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


def check_all_shapes(layers: int, forward=paper_forward) -> None:
    """Check the forward rule of §4.1 for symbolic widths ``n_1 … n_L``.

    The rule, applied layer by layer from ``a_1`` on matrix symbols of
    symbolic shape, must fit and give ``n_{n+1} × 1``, equal the product
    ``w_n ⋯ w_1 a_1`` in the normal form, and involve no matrix other than
    ``a_1`` and ``w_1 … w_n``.

    Args:
        layers: ``L``.
        forward: ``f(w_n, a_n)``, the claimed ``a_{n+1}``.

    Raises:
        ClaimFailed: the rule does not fit the symbolic shapes, leaves a
            residual against the product, or brings in another matrix.

    Example:
        >>> check_all_shapes(3)
    """
    network = symbolic_network(layers)
    activation = normal_form(network.input)
    allowed = {network.input}
    for n in range(1, layers):
        weight = network.weights[n - 1]
        here = free_activation(network, n)
        following = formula_form(
            forward,
            [(weight, normal_form(weight)), (here, activation)],
            (weight.shape[0], network.columns),
            f"a_{n + 1}",
        )

        # unrolled: w_n ⋯ w_1 a_1
        require_same(
            f"a_{n + 1}",
            following,
            normal_form(network.activations[n]),
            "the rule applied layer by layer",
            f"w_{n} ⋯ w_1 a_1" if n > 1 else "w_1 a_1",
        )

        # only the input and the weights w_1 … w_n appear
        allowed.add(weight)
        stray = following.to_expr().atoms(sympy.MatrixSymbol) - allowed
        if stray:
            raise ClaimFailed(
                f"a_{n + 1} involves {', '.join(sorted(map(str, stray)))}, which "
                f"is neither the input nor w_1 … w_{n}"
            )
        activation = following


def run(quick: bool = False, shapes=None, depths=None, **ingredients) -> StepResult:
    """Check this step for symbolic widths at each depth, then on every
    concrete shape (or the quick subsets, or ``depths`` and ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, depths, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
