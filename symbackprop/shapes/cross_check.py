"""The symbolic-shape results, instantiated and checked entry by entry.

A normal form could be wrong, and SymPy's matrix calculus has been (see
:mod:`symbackprop.shapes.matrix_calculus`). So every result of the
all-shapes level is also instantiated at concrete widths: the width symbols
become small integers, the matrix symbols become the concrete
:class:`~symbackprop.network.Network`'s matrices of entry symbols, and
everything is evaluated in FLINT's exact polynomials, where it is compared
with the exact level's own routes (the composed cost differentiated by each
weight entry, and the formulas evaluated on the entry matrices). A
disagreement is a :class:`~symbackprop.errors.VerificationError`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import prod
from typing import Any

import numpy
import sympy

from ..backprop import backprop_gradients
from ..cost import SquaredError
from ..engines.flint_engine import FlintRing
from ..engines.polynomial import RingAlgebra, substitute
from ..errors import VerificationError
from ..formulas import Formulas, FormulaShapeError, evaluate
from ..network import Network
from ..symbols import entry_matrix
from .normal_form import MatrixPolynomial
from .symbolic_network import SymbolicNetwork

#: most monomials one output entry may have in a cross-check network
PATH_BUDGET = 48


@dataclass(frozen=True)
class Instance:
    """Concrete widths (and batch size) standing in for the symbols."""

    widths: tuple[int, ...]
    batch: int | None = None

    def text(self) -> str:
        batch = "" if self.batch is None else f" batch {self.batch}"
        return "-".join(map(str, self.widths)) + batch


@dataclass
class LayerEvidence:
    """What the cross-check found for ``w_n``: entries compared, and the
    first instance where the candidate formula's residual is not zero."""

    entries: int = 0
    witnesses: list[str] = field(default_factory=list)


def instances(
    layers: int, batch: bool = False, seed: int = 0, count: int = 4
) -> list[Instance]:
    """Small concrete shapes to instantiate a symbolic result at.

    All widths 1, all widths 2 when small enough, every pair of widths 1 to
    3 for ``L = 2``, and ``count`` seeded random widths from 1 to 3, each
    kept within :data:`PATH_BUDGET` monomials per output entry. A batch
    takes sizes 1 and 2 in turn.

    Example:
        >>> [instance.text() for instance in instances(2)][:4]
        ['1-1', '2-2', '1-2', '1-3']
    """
    shapes = [(1,) * layers]
    if 2 ** (layers - 1) <= PATH_BUDGET:
        shapes.append((2,) * layers)
    if layers == 2:
        shapes += [(i, j) for i in (1, 2, 3) for j in (1, 2, 3)]
    generator = random.Random(seed)
    for _ in range(count):
        widths = [generator.randint(1, 3) for _ in range(layers)]
        while prod(widths[:-1]) * (2 if batch else 1) > PATH_BUDGET:
            wide = [i for i, width in enumerate(widths[:-1]) if width > 1]
            widths[generator.choice(wide)] = 1
        shapes.append(tuple(widths))
    unique = list(dict.fromkeys(shapes))
    if not batch:
        return [Instance(widths) for widths in unique]
    return [Instance(widths, 1 + k % 2) for k, widths in enumerate(unique)]


def cross_check(
    network: SymbolicNetwork,
    formulas: Formulas,
    sympy_gradients: dict[int, sympy.MatrixExpr],
    direct_forms: dict[int, MatrixPolynomial],
    formula_forms: dict[int, MatrixPolynomial],
    shapes: Sequence[Instance],
) -> dict[int, LayerEvidence]:
    """Instantiate every symbolic result at each concrete shape and compare.

    Args:
        network: the symbolic network the results are about.
        formulas: the candidate formulas, evaluated concretely too.
        sympy_gradients: SymPy's ``∂C/∂w_n`` as it returned it, by ``n``.
        direct_forms: the normal form of ``∂C/∂w_n``, by ``n``.
        formula_forms: the normal form of what the formulas give, by ``n``
            (missing for a layer whose formula failed on shapes).
        shapes: where to instantiate.

    Returns:
        By layer, the entries compared and the shapes at which the
        formula's residual is not zero.

    Raises:
        VerificationError: an instantiated symbolic result differs from the
            exact level at the same shape, or the normal form says a
            residual is zero while the exact level finds it is not.
    """
    evidence = {n: LayerEvidence() for n in sympy_gradients}
    for instance in shapes:
        concrete = _Concrete(network, instance, formulas)
        for n, expression in sympy_gradients.items():
            direct = concrete.direct[n - 1]
            where = f"at widths {instance.text()}"
            _expect_equal(
                concrete.from_sympy(expression),
                direct,
                f"SymPy's symbolic ∂C/∂w_{n} {where}",
            )
            _expect_equal(
                concrete.from_form(direct_forms[n]),
                direct,
                f"the normal form of ∂C/∂w_{n} {where}",
            )
            evidence[n].entries += direct.size
            if n not in formula_forms:
                continue
            formula = concrete.formula[n - 1]
            _expect_equal(
                concrete.from_form(formula_forms[n]),
                formula,
                f"the normal form of the formula for ∂C/∂w_{n} {where}",
            )
            entry = _first_difference(direct, formula)
            if entry is not None:
                if (direct_forms[n] - formula_forms[n]).is_zero:
                    raise VerificationError(
                        f"the normal form proves the formula for ∂C/∂w_{n}, but "
                        f"the exact level finds entry {entry} wrong {where}"
                    )
                evidence[n].witnesses.append(f"{instance.text()}, entry {entry}")
    for n, found in evidence.items():
        residual = direct_forms[n] - formula_forms.get(n, direct_forms[n])
        if not residual.is_zero and not found.witnesses:
            raise VerificationError(
                f"the normal form finds the formula for ∂C/∂w_{n} wrong, but no "
                "concrete shape checked shows it"
            )
    return evidence


def _expect_equal(value: numpy.ndarray, expected: numpy.ndarray, what: str) -> None:
    if value.shape != expected.shape:
        raise VerificationError(
            f"{what} is {value.shape[0]}×{value.shape[1]}, the exact level's "
            f"is {expected.shape[0]}×{expected.shape[1]}"
        )
    entry = _first_difference(value, expected)
    if entry is not None:
        raise VerificationError(
            f"{what} disagrees with the exact level's entry-by-entry derivative "
            f"at entry {entry}"
        )


def _first_difference(left: numpy.ndarray, right: numpy.ndarray):
    for (i, j), value in numpy.ndenumerate(left):
        if value != right[i, j]:
            return (i + 1, j + 1)
    return None


class _Concrete:
    """One concrete network in FLINT polynomials: both exact-level routes,
    and the means to evaluate symbolic results on its matrices."""

    def __init__(
        self, network: SymbolicNetwork, instance: Instance, formulas: Formulas
    ) -> None:
        concrete = Network(instance.widths, batch=instance.batch)
        self.dimensions = dict(zip(network.widths, instance.widths))
        if network.batch is not None:
            self.dimensions[network.batch] = instance.batch
        symbols = concrete.symbols()
        self.ring = FlintRing(symbols)
        self.algebra = RingAlgebra(self.ring)
        generators = dict(zip(symbols, self.ring.generators()))

        def lift(matrix: sympy.MatrixBase) -> numpy.ndarray:
            return self.algebra.matrix(
                matrix.rows, matrix.cols, [generators[symbol] for symbol in matrix]
            )

        weights = [lift(weight) for weight in concrete.weights]
        self.values = {network.input: lift(concrete.input)}
        self.values.update(zip(network.weights, weights))
        self.values[network.target] = lift(concrete.target)

        # the exact level: forward rule, composed cost, derivative by entry
        activations = [self.values[network.input]]
        for weight in weights:
            activations.append(weight @ activations[-1])
        output = activations[-1]
        free = entry_matrix("o", None, *output.shape)
        cost = SquaredError().value(free, concrete.target)
        bound = dict(zip(free, output.flat))
        bound.update(zip(concrete.target, self.values[network.target].flat))
        composed = substitute(self.ring, cost, bound)
        index = {symbol: position for position, symbol in enumerate(symbols)}
        self.direct = [
            self.algebra.matrix(
                *weight.shape,
                [self.ring.derivative(composed, index[s]) for s in weight],
            )
            for weight in concrete.weights
        ]
        slope = [
            substitute(self.ring, sympy.diff(cost, symbol), bound) for symbol in free
        ]
        self.formula = [
            None if isinstance(gradient, FormulaShapeError) else gradient
            for gradient in backprop_gradients(
                instance.widths,
                formulas,
                self.algebra,
                weights,
                activations,
                self.algebra.matrix(*output.shape, slope),
                concrete.columns,
            )
        ]

    def from_sympy(self, expression: sympy.MatrixExpr) -> numpy.ndarray:
        """A SymPy matrix expression of symbolic shape, at this shape."""
        concrete = expression.xreplace(self.dimensions)
        values = {
            symbol.xreplace(self.dimensions): value
            for symbol, value in self.values.items()
        }
        return evaluate(concrete, values, self.algebra)

    def from_form(self, form: MatrixPolynomial) -> numpy.ndarray:
        """A normal form of symbolic shape, at this shape."""
        rows, cols = (int(size.xreplace(self.dimensions)) for size in form.shape)
        total = self.algebra.zeros(rows, cols)
        for term, coefficient in form.terms.items():
            factor = self.ring.constant(
                sympy.sympify(coefficient).xreplace(self.dimensions)
            )
            for cycle in term.cycles:
                factor = factor * _trace(self._product(cycle, None))
            matrix = self._product(term.word, rows)
            total = total + self.algebra.matrix(
                rows, cols, [value * factor for value in matrix.flat]
            )
        return total

    def _product(self, word, size: int | None) -> numpy.ndarray:
        if not word:
            return self.algebra.identity(size)
        matrices = [
            self.values[symbol].T if transposed else self.values[symbol]
            for symbol, transposed in word
        ]
        result = matrices[0]
        for matrix in matrices[1:]:
            result = result @ matrix
        return result


def _trace(matrix: numpy.ndarray) -> Any:
    total = matrix[0, 0]
    for k in range(1, matrix.shape[0]):
        total = total + matrix[k, k]
    return total
