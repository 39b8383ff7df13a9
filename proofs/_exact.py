"""A network's symbols as exact polynomials, shared by the proof steps.

Every symbol of a network (and any extra symbol a step needs, such as a
fresh ``a_n`` or a step size ``α``) becomes a generator of ℚ[…] on FLINT
(:class:`~symbackprop.engines.flint_engine.FlintRing`). Polynomials there
are kept in a canonical form, so two quantities are equal exactly when
their entries are the same polynomials.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy
import sympy

from symbackprop.cost import Cost, SquaredError
from symbackprop.engines.flint_engine import FlintRing
from symbackprop.engines.polynomial import RingAlgebra, substitute
from symbackprop.network import Network
from symbackprop.symbols import entry_matrix


def fresh_activation(network: Network, n: int) -> sympy.ImmutableMatrix:
    """``a_n`` as symbols of its own, ``a{n}_i``, instead of ``w_{n-1} ⋯ a_1``.

    For ``n = 1`` these are the input's own symbols.

    Example:
        >>> fresh_activation(Network([2, 3]), 2).T
        Matrix([[a2_1, a2_2, a2_3]])
    """
    return entry_matrix("a", n, network.widths[n - 1], 1, vector=True)


class ExactNetwork:
    """A network whose symbols are generators of a FLINT polynomial ring.

    Args:
        network: the network.
        extra: further symbols to make generators of (symbols already in
            the network are not repeated).

    Example:
        >>> exact = ExactNetwork(Network([1, 1]))
        >>> exact.to_sympy(exact.cost(exact.forward(1, exact.input)[-1]))
        a1_1**2*w1_1_1**2/2 - a1_1*w1_1_1*y_1 + y_1**2/2
    """

    def __init__(self, network: Network, extra: Sequence[sympy.Symbol] = ()) -> None:
        self.network = network
        symbols = list(network.symbols())
        known = set(symbols)
        symbols += [symbol for symbol in extra if symbol not in known]
        self.ring = FlintRing(symbols)
        self.algebra = RingAlgebra(self.ring)
        self.generators = dict(zip(symbols, self.ring.generators()))
        self.index = {symbol: position for position, symbol in enumerate(symbols)}

    def lift(self, matrix: sympy.MatrixBase) -> numpy.ndarray:
        """A matrix of polynomials in the ring's symbols as ring elements."""
        entries = []
        for value in matrix:
            if value in self.generators:
                entries.append(self.generators[value])
            elif sympy.sympify(value).is_Rational:
                entries.append(self.ring.constant(value))
            else:
                symbols = sympy.sympify(value).free_symbols
                images = {symbol: self.generators[symbol] for symbol in symbols}
                entries.append(substitute(self.ring, value, images))
        return self.algebra.matrix(matrix.rows, matrix.cols, entries)

    @property
    def weights(self) -> list[numpy.ndarray]:
        """``w_1 … w_{L-1}`` in the ring."""
        return [self.lift(weight) for weight in self.network.weights]

    @property
    def input(self) -> numpy.ndarray:
        """``a_1`` in the ring."""
        return self.lift(self.network.input)

    @property
    def target(self) -> numpy.ndarray:
        """``y`` in the ring."""
        return self.lift(self.network.target)

    def forward(
        self,
        n: int,
        activation: numpy.ndarray,
        weights: Sequence[numpy.ndarray] | None = None,
    ) -> list[numpy.ndarray]:
        """``a_n, a_{n+1}, …, a_L`` from a given ``a_n`` by ``a_{k+1} = w_k a_k``
        (paper §4.1)."""
        weights = self.weights if weights is None else weights
        activations = [activation]
        for weight in weights[n - 1 :]:
            activations.append(weight @ activations[-1])
        return activations

    def cost(self, output: numpy.ndarray, cost: Cost | None = None) -> Any:
        """``C(output, y)`` as one polynomial (the paper's ½‖a_L − y‖² by
        default)."""
        cost = SquaredError() if cost is None else cost
        free = entry_matrix("o", None, *output.shape)
        values = dict(zip(free, output.flat))
        values.update(zip(self.network.target, self.target.flat))
        return substitute(self.ring, cost.value(free, self.network.target), values)

    def slope(self, output: numpy.ndarray, cost: Cost | None = None) -> numpy.ndarray:
        """``∂C/∂a_L`` at ``output``: the cost's own slope (paper §4.2), with
        the output substituted in."""
        cost = SquaredError() if cost is None else cost
        free = entry_matrix("o", None, *output.shape)
        values = dict(zip(free, output.flat))
        values.update(zip(self.network.target, self.target.flat))
        slope = cost.slope(free, self.network.target)
        entries = [substitute(self.ring, entry, values) for entry in slope]
        return self.algebra.matrix(*output.shape, entries)

    def gradient(self, polynomial: Any, symbols: sympy.MatrixBase) -> numpy.ndarray:
        """Formal derivatives of ``polynomial`` by each symbol of a matrix,
        arranged in that matrix's shape (the paper's layout, §4.1)."""
        derivatives = [
            self.ring.derivative(polynomial, self.index[symbol]) for symbol in symbols
        ]
        return self.algebra.matrix(symbols.rows, symbols.cols, derivatives)

    def replace(
        self, matrix: numpy.ndarray, replacements: dict[sympy.Symbol, Any]
    ) -> numpy.ndarray:
        """Each entry with some generators replaced by polynomials (the
        composition of polynomials, exact)."""
        images = list(self.ring.generators())
        for symbol, value in replacements.items():
            images[self.index[symbol]] = value
        entries = [entry.compose(*images) for entry in matrix.flat]
        return self.algebra.matrix(*matrix.shape, entries)

    def to_sympy(self, polynomial: Any) -> sympy.Expr:
        """A ring element as a SymPy expression, for messages."""
        return self.ring.to_sympy(polynomial)
