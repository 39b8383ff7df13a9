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

import math
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy
import sympy

from ..backprop import backprop_gradients
from ..cost import Cost
from ..errors import Unsupported, VerificationError
from ..formulas import Formulas, FormulaShapeError, evaluate
from ..network import Network
from ..report import Counterexample, LayerResult, Report
from ..symbols import entries, entry_matrix
from .base import Engine, Progress, mismatch, shape_failure
from .estimate import derivative_work, expansion_terms, generator_count

#: bytes a run needs besides its polynomials: the interpreter, SymPy, FLINT
BASE_BYTES = 100 * 2**20


def _approximately(count: int) -> float:
    """A count as a float; infinite when too large for one."""
    try:
        return float(count)
    except OverflowError:
        return math.inf


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

    This is how a cost written in SymPy reaches any ring. The expression's
    own tree is followed (sums, products, powers with natural exponents,
    rational numbers), so ``½ (o − y)²`` costs one squaring in the ring and
    nothing is expanded in SymPy first.

    Raises:
        Unsupported: the expression is not a polynomial in the symbols.

    Example:
        >>> from .sympy_engine import SympyRing
        >>> x, y = sympy.symbols("x y")
        >>> ring = SympyRing([x, y])
        >>> X, Y = ring.generators()
        >>> substitute(ring, (x - y) ** 2 / 2, {x: X, y: Y})
        1/2*x**2 - x*y + 1/2*y**2
    """
    if expression in values:
        return values[expression]
    if expression.is_Rational:
        return ring.constant(expression)
    if expression.is_Add or expression.is_Mul:
        parts = [substitute(ring, part, values) for part in expression.args]
        return _combine(parts, add=expression.is_Add)
    if expression.is_Pow and expression.exp.is_Integer and expression.exp >= 0:
        return substitute(ring, expression.base, values) ** int(expression.exp)
    raise Unsupported(
        "the cost must be a polynomial in the output and the target; "
        f"it uses {sympy.sstr(expression)}"
    )


def _combine(parts: list[Any], add: bool) -> Any:
    """Sum or product of ring elements, pairing them up so that large
    polynomials are copied O(log n) times rather than O(n)."""
    while len(parts) > 1:
        paired = [
            left + right if add else left * right
            for left, right in zip(parts[::2], parts[1::2])
        ]
        parts = paired + parts[len(paired) * 2 :]
    return parts[0]


@lru_cache(maxsize=64)
def _slope(
    cost_expression: sympy.Expr, free_output: sympy.ImmutableMatrix
) -> tuple[sympy.Expr, ...]:
    """``∂C/∂o`` for each free output symbol ``o``, row by row: the slope
    of the cost at the output (paper §4.2), kept for the next network of
    the same output shape."""
    return tuple(sympy.diff(cost_expression, symbol) for symbol in entries(free_output))


class PolynomialEngine(Engine):
    """The exact check over the ring named by :meth:`make_ring`."""

    level = "exact"
    #: :func:`~.estimate.derivative_work` done per second, measured on a
    #: 2-core machine
    work_per_second: float = 1.0

    @abstractmethod
    def make_ring(self, symbols: Sequence[sympy.Symbol]) -> Ring:
        """The ring whose generators are ``symbols``."""

    @abstractmethod
    def bytes_per_term(self, generators: int) -> float:
        """Memory of one monomial and its coefficient, in a ring of
        ``generators`` generators."""

    def estimate_seconds(self, network: Network) -> float:
        return _approximately(derivative_work(network)) / self.work_per_second

    def estimate_bytes(self, network: Network) -> float:
        # the composed cost and the formula's gradients together hold about
        # four times the expanded products, measured
        monomial = self.bytes_per_term(generator_count(network))
        return BASE_BYTES + 4 * _approximately(expansion_terms(network)) * monomial

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
        generators = ring.generators()

        def lift(matrix: sympy.MatrixBase) -> numpy.ndarray:
            return algebra.matrix(
                matrix.rows,
                matrix.cols,
                [generators[index[symbol]] for symbol in entries(matrix)],
            )

        # forward rule a_{n+1} = w_n a_n (paper §4.1), in the ring
        weights = [lift(weight) for weight in network.weights]
        activations = [lift(network.input)]
        for weight in weights:
            activations.append(weight @ activations[-1])
        output, target = activations[-1], lift(network.target)

        # the cost, and its slope at the output (paper §4.2): from the cost's
        # slope formula when it has one (the direct route never uses it, so
        # a wrong slope formula fails the check), else from SymPy's diff
        free_output = entry_matrix("o", None, *output.shape)
        cost_expression = cost.value(free_output, network.target)
        values = dict(zip(entries(free_output), output.flat))
        values.update(zip(entries(network.target), target.flat))
        composed = substitute(ring, cost_expression, values)
        slope_symbols = (
            sympy.MatrixSymbol("a_L", *output.shape),
            sympy.MatrixSymbol("y", *output.shape),
        )
        slope_formula = cost.slope_formula(*slope_symbols)
        if slope_formula is not None:
            last_error = evaluate(
                slope_formula, dict(zip(slope_symbols, (output, target))), algebra
            )
        else:
            slope = [
                substitute(ring, derivative, values)
                for derivative in _slope(cost_expression, free_output)
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
            counterexample = self._compare(
                n,
                network.widths,
                ring,
                composed,
                [index[symbol] for symbol in entries(weight)],
                gradient,
                progress,
            )
            layers.append(
                LayerResult(
                    n,
                    shape,
                    counterexample is None,
                    shape[0] * shape[1],
                    time.perf_counter() - layer_start,
                    counterexample,
                )
            )

        return self.report(network, cost, formulas, layers, start)

    @staticmethod
    def _compare(
        n: int,
        widths: tuple[int, ...],
        ring: Ring,
        composed: Any,
        generators: list[int],
        gradient: numpy.ndarray,
        progress: Progress | None,
    ) -> Counterexample | None:
        """Differentiate the composed cost by each weight of one matrix and
        compare with the formula's entry, row by row.

        Each derivative is dropped as soon as it is compared, so only one
        lives at a time. Both sides are in the ring's canonical form, so
        ``==`` decides equality; only the first mismatch is turned into
        SymPy.

        Returns:
            The first mismatch, if any.
        """
        cols = gradient.shape[1]
        counterexample = None
        for position, generator in enumerate(generators):
            direct = ring.derivative(composed, generator)
            if direct == 0 and ring.degree(composed, generator) > 0:
                raise VerificationError(
                    f"∂C/∂{ring.symbols[generator]} came out 0 although C "
                    f"depends on {ring.symbols[generator]}"
                )
            i, j = divmod(position, cols)
            formula = gradient[i, j]
            if direct != formula and counterexample is None:
                counterexample = mismatch(
                    n,
                    (i + 1, j + 1),
                    ring.to_sympy(direct),
                    ring.to_sympy(formula),
                    ring.to_sympy(direct - formula),
                    widths,
                )
            if progress is not None and j == cols - 1:
                progress(cols)
        return counterexample
