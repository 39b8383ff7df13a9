"""The exact check, written once for any exact polynomial arithmetic.

Every symbol of the network becomes a generator of a multivariate
polynomial ring over the rationals. Both routes are then computed in that
ring, where each polynomial is stored in a canonical sparse form, so two
sides are equal exactly when their difference is the zero polynomial:

* direct: the composed cost ``C`` is one polynomial; its derivative by each
  weight generator is formal differentiation of that polynomial;
* backprop: ``E_L`` is the slope of the cost at the output, and the
  formulas are evaluated on matrices of ring elements.

The engines differ only in the ring (SymPy's own sparse polynomials, or
FLINT's), which is what a :class:`Ring` wraps.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy
import sympy

from ..backprop import backprop_gradients
from ..cost import Cost
from ..errors import VerificationError
from ..formulas import Formulas, FormulaShapeError
from ..network import Network
from ..report import LayerResult, Report
from ..symbols import entry_matrix
from .base import Engine, Progress, first_difference, shape_failure
from .estimate import expansion_terms


class Ring(ABC):
    """Exact multivariate polynomials over ℚ in a fixed list of symbols."""

    def __init__(self, symbols: Sequence[sympy.Symbol]) -> None:
        self.symbols = list(symbols)

    @abstractmethod
    def generators(self) -> list[Any]:
        """One ring element per symbol, in the order given."""

    @abstractmethod
    def constant(self, value: sympy.Rational) -> Any:
        """A rational number as a ring element."""

    @abstractmethod
    def derivative(self, polynomial: Any, index: int) -> Any:
        """Formal partial derivative by generator ``index``."""

    @abstractmethod
    def degree(self, polynomial: Any, index: int) -> int:
        """Degree of ``polynomial`` in generator ``index``."""

    @abstractmethod
    def to_sympy(self, polynomial: Any) -> sympy.Expr:
        """The polynomial as a SymPy expression, for reports."""


class RingAlgebra:
    """Matrices of ring elements, held in NumPy object arrays."""

    def __init__(self, ring: Ring) -> None:
        self.ring = ring

    def matrix(self, rows: int, cols: int, entries: Sequence[Any]) -> numpy.ndarray:
        result = numpy.empty((rows, cols), dtype=object)
        for position, value in enumerate(entries):
            result[divmod(position, cols)] = value
        return result

    def from_sympy(self, matrix: sympy.MatrixBase) -> numpy.ndarray:
        entries = [self.ring.constant(sympy.Rational(value)) for value in matrix]
        return self.matrix(matrix.rows, matrix.cols, entries)

    def matmul(self, left, right):
        return left @ right

    def add(self, left, right):
        return left + right

    def transpose(self, matrix):
        return matrix.T

    def scale(self, factor, matrix):
        factor = self.ring.constant(factor)
        return self.matrix(*matrix.shape, [factor * value for value in matrix.flat])

    def zeros(self, rows, cols):
        zero = self.ring.constant(sympy.Integer(0))
        return self.matrix(rows, cols, [zero] * (rows * cols))

    def identity(self, size):
        size = int(size)  # a MatPow's shape arrives as a SymPy Integer
        one, zero = self.ring.constant(sympy.Integer(1)), self.ring.constant(0)
        return self.matrix(
            size,
            size,
            [one if i % (size + 1) == 0 else zero for i in range(size * size)],
        )


def substitute(
    ring: Ring, expression: sympy.Expr, values: dict[sympy.Symbol, Any]
) -> Any:
    """Evaluate a SymPy polynomial with its symbols bound to ring elements.

    This is how a cost written in SymPy reaches any ring: its monomials are
    rebuilt from the values, with exact rational coefficients.
    """
    symbols = list(values)
    polynomial = sympy.Poly(expression, *symbols, domain=sympy.QQ)
    total = ring.constant(sympy.Integer(0))
    for exponents, coefficient in polynomial.terms():
        term = ring.constant(sympy.Rational(coefficient))
        for symbol, power in zip(symbols, exponents):
            if power:
                term = term * values[symbol] ** power
        total = total + term
    return total


class PolynomialEngine(Engine):
    """The exact check over the ring named by :meth:`make_ring`."""

    level = "exact"
    #: expanded products per second, measured on a 2-core machine
    terms_per_second: float = 1.0

    @abstractmethod
    def make_ring(self, symbols: Sequence[sympy.Symbol]) -> Ring:
        """The ring whose generators are ``symbols``."""

    def estimate_seconds(self, network: Network) -> float:
        return expansion_terms(network) / self.terms_per_second

    def verify(
        self,
        network: Network,
        cost: Cost,
        formulas: Formulas,
        progress: Progress | None = None,
    ) -> Report:
        start = time.perf_counter()

        # every symbol of the network becomes a generator
        symbols = network.symbols()
        ring = self.make_ring(symbols)
        algebra = RingAlgebra(ring)
        index = {symbol: position for position, symbol in enumerate(symbols)}
        generators = dict(zip(symbols, ring.generators()))

        def lift(matrix: sympy.MatrixBase) -> numpy.ndarray:
            return algebra.matrix(
                matrix.rows, matrix.cols, [generators[symbol] for symbol in matrix]
            )

        # forward rule a_{n+1} = w_n a_n (paper §4.1), in the ring
        weights = [lift(weight) for weight in network.weights]
        activations = [lift(network.input)]
        for weight in weights:
            activations.append(weight @ activations[-1])
        output, target = activations[-1], lift(network.target)

        # the cost, and its slope at the output (paper §4.2)
        free_output = entry_matrix("o", None, *output.shape)
        cost_expression = cost.value(free_output, network.target)
        values = dict(zip(free_output, output.flat))
        values.update(zip(network.target, target.flat))
        composed = substitute(ring, cost_expression, values)
        slope = [
            substitute(ring, sympy.diff(cost_expression, symbol), values)
            for symbol in free_output
        ]
        last_error = algebra.matrix(*output.shape, slope)

        # backprop route (paper §5)
        gradients = backprop_gradients(
            network.widths,
            formulas,
            algebra,
            weights,
            activations,
            last_error,
            network.columns,
        )

        # direct route and comparison, layer by layer
        layers = []
        for n, (weight, gradient) in enumerate(zip(network.weights, gradients), 1):
            layer_start = time.perf_counter()
            shape = network.weight_shape(n)
            if isinstance(gradient, FormulaShapeError):
                layers.append(shape_failure(n, shape, gradient, network.widths, 0.0))
                continue
            entries = []
            for position, symbol in enumerate(weight):
                i, j = divmod(position, weight.cols)
                direct = ring.derivative(composed, index[symbol])
                if direct == 0 and ring.degree(composed, index[symbol]) > 0:
                    raise VerificationError(
                        f"∂C/∂{symbol} came out 0 although C depends on {symbol}"
                    )
                entries.append(((i + 1, j + 1), direct, gradient[i, j]))
            if progress is not None:
                progress(len(entries))
            counterexample = first_difference(
                n, _residuals(ring, entries), network.widths
            )
            layers.append(
                LayerResult(
                    n,
                    shape,
                    counterexample is None,
                    len(entries),
                    time.perf_counter() - layer_start,
                    counterexample,
                )
            )

        return Report(
            ok=all(layer.ok for layer in layers),
            method=self.name,
            level=self.level,
            shape=network.widths,
            layers=layers,
            formulas=formulas.describe(),
            cost=cost.name,
            batch=network.batch,
            seconds=time.perf_counter() - start,
        )


def _residuals(ring: Ring, entries):
    """Residuals in the ring; only a nonzero one is turned into SymPy."""
    for position, direct, formula in entries:
        residual = direct - formula
        if residual == 0:
            yield position, None, None, 0
        else:
            yield (
                position,
                ring.to_sympy(direct),
                ring.to_sympy(formula),
                ring.to_sympy(residual),
            )
