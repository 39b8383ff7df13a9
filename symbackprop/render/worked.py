"""Worked examples: every matrix of one network, by both routes.

:func:`symbolic_example` spells out ``w_n``, ``a_n``, ``E_n`` and
``∂C/∂w_n`` in the network's own symbols, once by differentiating the
composed cost (the direct route) and once by the paper's formulas (§5).
:func:`numeric_example` does the same with small random integers, as a
hand calculation. Both routes are compared when the example is made, so
"they agree" in a document is a computed fact.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from ..cost import SquaredError
from ..direct import composed_cost, direct_gradient
from ..errors import InvalidInput
from ..formulas import Formulas, SympyAlgebra, evaluate, layer_symbols
from ..network import Network, check_widths
from ..symbols import entry_matrix

#: widest layer whose matrices are written out entry by entry
MAX_PRINTED_WIDTH = 4
#: most layers whose matrices are written out
MAX_PRINTED_LAYERS = 4
#: most terms in one printed entry (a_n and E_n entries are sums of paths)
MAX_PRINTED_TERMS = 8
#: the numeric example: widest layer and most layers
MAX_NUMERIC_WIDTH = 6
MAX_NUMERIC_LAYERS = 6
#: the numeric example draws entries from -RANGE ... RANGE, zero excluded
NUMERIC_RANGE = 3


def too_large(widths: Sequence[int], numeric: bool = False) -> str | None:
    """Why the explicit matrices of a network are not printed, or ``None``.

    Entry ``k`` of ``a_n`` is a sum over all paths from the input, so it
    has ``d_1 ⋯ d_{n-1}`` terms; entry ``k`` of ``E_n`` has
    ``d_{n+1} ⋯ d_L``. Beyond a few terms a page cannot hold them.

    Example:
        >>> too_large([2, 3, 2]) is None
        True
        >>> too_large([2, 12, 2])
        'a layer of width 12 is wider than 4'
    """
    widths = check_widths(widths)
    max_width = MAX_NUMERIC_WIDTH if numeric else MAX_PRINTED_WIDTH
    max_layers = MAX_NUMERIC_LAYERS if numeric else MAX_PRINTED_LAYERS
    if max(widths) > max_width:
        return f"a layer of width {max(widths)} is wider than {max_width}"
    if len(widths) > max_layers:
        return f"{len(widths)} layers are more than {max_layers}"
    if numeric:
        return None
    terms = max(
        max(sympy.prod(widths[: n - 1]), sympy.prod(widths[n:]))
        for n in range(1, len(widths) + 1)
    )
    if terms > MAX_PRINTED_TERMS:
        return f"entries would have up to {terms} terms (more than {MAX_PRINTED_TERMS})"
    return None


@dataclass(frozen=True)
class Example:
    """Every matrix of one network, by the direct route and by the formulas.

    Attributes:
        widths: ``d_1 ... d_L``.
        weights: ``w_1 ... w_{L-1}``.
        activations: ``a_1 ... a_L``.
        target: ``y``.
        errors: ``E_2 ... E_L`` keyed by ``n`` (the paper's recursion).
        direct: ``∂C/∂w_n`` by differentiating the composed cost, by ``n``.
        formula: ``E_{n+1} a_nᵀ`` by the paper's formula, by ``n``.
        agree: for each ``n``, whether both routes give the same matrix
            (the difference expands to zero), computed here.
        residual: for the symbolic example, the symbols ``r_k`` that stand
            for ``(a_L)_k − y_k`` in the printed entries; else ``None``.
        cost: the value of ``C``.
        seed: the seed of a numeric example, else ``None``.
    """

    widths: tuple[int, ...]
    weights: tuple[sympy.ImmutableMatrix, ...]
    activations: tuple[sympy.ImmutableMatrix, ...]
    target: sympy.ImmutableMatrix
    errors: dict[int, sympy.ImmutableMatrix]
    direct: dict[int, sympy.ImmutableMatrix]
    formula: dict[int, sympy.ImmutableMatrix]
    agree: dict[int, bool]
    residual: sympy.ImmutableMatrix | None
    cost: sympy.Expr
    seed: int | None = None

    @property
    def layers(self) -> int:
        return len(self.widths)


def symbolic_example(widths: Sequence[int]) -> Example:
    """The worked example in symbols, with ``r_k = (a_L)_k − y_k``.

    Raises:
        InvalidInput: bad widths, or a network too large to print (see
            :func:`too_large`).

    Example:
        >>> example = symbolic_example([1, 1])
        >>> example.direct[1], example.formula[1], example.agree[1]
        (Matrix([[a1_1*r_1]]), Matrix([[a1_1*r_1]]), True)
    """
    network = Network(widths)
    reason = too_large(network.widths)
    if reason is not None:
        raise InvalidInput(f"too large to write out: {reason}")
    cost = SquaredError()
    output, target = network.activation(network.layers), network.target
    residual = entry_matrix("r", None, *output.shape, vector=True)
    # paper §4.2: E_L = a_L − y; the printed entries name it r to stay short
    abbreviation = dict(zip(output - target, residual))
    expansion = dict(zip(residual, output - target))

    composed = composed_cost(network, cost)
    errors = _errors(network.widths, network.weights, residual)
    direct, formula, agree = {}, {}, {}
    for n in range(1, network.layers):
        full = direct_gradient(composed, network.weight(n))
        direct[n] = sympy.ImmutableMatrix(full.xreplace(abbreviation))
        formula[n] = _gradient(n, network.widths, errors[n + 1], network.activation(n))
        difference = full - formula[n].xreplace(expansion)
        agree[n] = all(sympy.expand(entry) == 0 for entry in difference)
    return Example(
        widths=network.widths,
        weights=network.weights,
        activations=network.activations,
        target=target,
        errors=errors,
        direct=direct,
        formula=formula,
        agree=agree,
        residual=residual,
        cost=composed,
    )


def numeric_example(widths: Sequence[int], seed: int = 0) -> Example:
    """A hand calculation: small nonzero integers for ``a_1``, ``w_n``, ``y``.

    The direct route differentiates the composed cost in symbols and then
    substitutes the numbers; the formula route works on the numbers alone.

    Raises:
        InvalidInput: bad widths or seed, or a network too large to print.

    Example:
        >>> example = numeric_example([1, 1], seed=3)
        >>> example.direct[1] == example.formula[1], example.agree[1]
        (True, True)
    """
    network = Network(widths)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInput(f"the seed must be a non-negative integer, got {seed!r}")
    reason = too_large(network.widths, numeric=True)
    if reason is not None:
        raise InvalidInput(f"too large for a numeric example: {reason}")
    generator = random.Random(seed)
    choices = [k for k in range(-NUMERIC_RANGE, NUMERIC_RANGE + 1) if k != 0]
    values = {
        symbol: sympy.Integer(generator.choice(choices)) for symbol in network.symbols()
    }

    weights = tuple(weight.xreplace(values) for weight in network.weights)
    activations = tuple(a.xreplace(values) for a in network.activations)
    target = network.target.xreplace(values)
    cost = SquaredError()
    errors = _errors(network.widths, weights, cost.slope(activations[-1], target))

    composed = composed_cost(network, cost)
    direct, formula, agree = {}, {}, {}
    for n in range(1, network.layers):
        direct[n] = direct_gradient(composed, network.weight(n)).xreplace(values)
        formula[n] = _gradient(n, network.widths, errors[n + 1], activations[n - 1])
        agree[n] = direct[n] == formula[n]
    return Example(
        widths=network.widths,
        weights=weights,
        activations=activations,
        target=target,
        errors=errors,
        direct=direct,
        formula=formula,
        agree=agree,
        residual=None,
        cost=composed.xreplace(values),
        seed=seed,
    )


def _errors(
    widths: tuple[int, ...],
    weights: Sequence[sympy.MatrixBase],
    last_error: sympy.MatrixBase,
) -> dict[int, sympy.ImmutableMatrix]:
    # paper §5: E_n from E_{n+1} by the error formula, from n = L - 1 down to 2
    formulas, algebra = Formulas(), SympyAlgebra()
    layers = len(widths)
    errors = {layers: sympy.ImmutableMatrix(last_error)}
    for n in range(layers - 1, 1, -1):
        shape = (widths[n], widths[n - 1])
        expression = formulas.error_expression(n, shape)
        error_next, _, weight = layer_symbols(n, *shape)
        values = {error_next: errors[n + 1], weight: weights[n - 1]}
        errors[n] = sympy.ImmutableMatrix(evaluate(expression, values, algebra))
    return errors


def _gradient(
    n: int,
    widths: tuple[int, ...],
    error_next: sympy.MatrixBase,
    activation: sympy.MatrixBase,
) -> sympy.ImmutableMatrix:
    # paper §5, last identity, through the same formula code the verifier runs
    formulas = Formulas()
    shape = (widths[n], widths[n - 1])
    expression = formulas.gradient_expression(n, shape)
    symbol_error, symbol_activation, weight = layer_symbols(n, *shape)
    values = {
        symbol_error: error_next,
        symbol_activation: activation,
        weight: sympy.ZeroMatrix(*shape),
    }
    return sympy.ImmutableMatrix(evaluate(expression, values, SympyAlgebra()))
