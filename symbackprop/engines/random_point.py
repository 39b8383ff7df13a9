"""One random point of the probabilistic engine, and the two sides there.

A point is the input, the weights, the target and a rank-one direction
``u_n v_nᵀ`` per weight matrix, every value uniform modulo the prime; with
them come the activations (forward rule, paper §4.1) and the cost's slope
at the output (paper §4.2). :meth:`Point.direct` differentiates the
composition along a direction by forward mode; :func:`formula_side` pairs a
candidate gradient with the same direction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import flint
import numpy
import sympy

from ..cost import Cost
from ..errors import Unsupported
from ..formulas import evaluate
from ..network import Network
from ..symbols import entries, entry_matrix
from .base import Progress
from .modular import DegreeAlgebra, NmodAlgebra
from .polynomial import substitute

#: output entries up to which a cost without a slope formula is
#: differentiated entry by entry in SymPy
SYMBOLIC_SLOPE_LIMIT = 256


def weight_shapes(network: Network) -> list[tuple[int, int]]:
    """``(d_{n+1}, d_n)`` for each weight matrix ``w_n``, ``w_1`` first."""
    return [network.weight_shape(n) for n in range(1, network.layers)]


class Slope:
    """The cost's slope ``∂C/∂a_L`` at a point, and its degree.

    From the cost's slope formula when it has one (any output size);
    otherwise each output entry's derivative is taken in SymPy and
    evaluated modulo ``p``, which is affordable for small outputs only.
    """

    def __init__(self, cost: Cost, network: Network, algebra: NmodAlgebra) -> None:
        self.algebra = algebra
        shape = (network.widths[-1], network.columns)
        self.output = sympy.MatrixSymbol("a_L", *shape)
        self.target = sympy.MatrixSymbol("y", *shape)
        self.formula = cost.slope_formula(self.output, self.target)
        layers = network.layers

        # a_L has degree L, y degree 1
        if self.formula is not None:
            self.degree = evaluate(
                self.formula, {self.output: layers, self.target: 1}, DegreeAlgebra()
            )
            return
        if shape[0] * shape[1] > SYMBOLIC_SLOPE_LIMIT:
            raise Unsupported(
                f"the random engine differentiates the {cost.name} cost entry by "
                f"entry, which is too slow for {shape[0] * shape[1]} output "
                f"entries (at most {SYMBOLIC_SLOPE_LIMIT}); give the cost a "
                "slope_formula"
            )
        self.free_output = entries(entry_matrix("o", None, *shape))
        self.free_target = entries(network.target)
        value = cost.value(
            sympy.ImmutableMatrix(*shape, self.free_output), network.target
        )
        self.derivatives = [sympy.diff(value, symbol) for symbol in self.free_output]
        generators = self.free_output + self.free_target
        try:
            self.degree = layers * max(
                sympy.Poly(derivative, *generators).total_degree()
                for derivative in self.derivatives
            )
        except sympy.PolynomialError:
            raise Unsupported(
                f"the {cost.name} cost is not a polynomial in the output and the "
                "target, so random points cannot bound its errors"
            ) from None

    def at(self, output: flint.nmod_mat, target: flint.nmod_mat) -> flint.nmod_mat:
        if self.formula is not None:
            values = {self.output: output, self.target: target}
            return evaluate(self.formula, values, self.algebra)
        values = dict(zip(self.free_output, _residues(output, self.algebra)))
        values.update(zip(self.free_target, _residues(target, self.algebra)))
        slope = [
            substitute(self.algebra, derivative, values)
            for derivative in self.derivatives
        ]
        return self.algebra.matrix(output.nrows(), output.ncols(), slope)


def _residues(matrix: flint.nmod_mat, algebra: NmodAlgebra) -> list[flint.nmod]:
    return [flint.nmod(int(value), algebra.prime) for value in matrix.entries()]


@dataclass
class Point:
    """One random point: input, weights, target and directions, with the
    activations and the cost's slope there."""

    algebra: NmodAlgebra
    weights: list[flint.nmod_mat]
    activations: list[flint.nmod_mat]
    slope: flint.nmod_mat
    directions: list[tuple[flint.nmod_mat, flint.nmod_mat]]
    seconds: float

    @classmethod
    def draw(
        cls,
        algebra: NmodAlgebra,
        generator: numpy.random.Generator,
        network: Network,
        slope: Slope,
        trial: int,
        trials: int,
        progress: Progress | None,
    ) -> Point:
        """Draw every value uniformly, in a fixed order, and run the
        forward rule ``a_{n+1} = w_n a_n`` (paper §4.1)."""
        start = time.perf_counter()
        widths, columns = network.widths, network.columns
        activations = [algebra.uniform(generator, widths[0], columns)]
        target = algebra.uniform(generator, widths[-1], columns)
        weights, directions = [], []
        for rows, cols in weight_shapes(network):
            weights.append(algebra.uniform(generator, rows, cols))
            directions.append(
                (
                    algebra.uniform(generator, rows, 1),
                    algebra.uniform(generator, cols, 1),
                )
            )
            activations.append(weights[-1] * activations[-1])
            if progress is not None:
                # the trials share each layer's entries out between them
                size = rows * cols
                progress(size * (trial + 1) // trials - size * trial // trials)
        layers = len(weights)
        return cls(
            algebra,
            weights,
            activations,
            slope.at(activations[-1], target),
            directions,
            (time.perf_counter() - start) / layers,
        )

    def direct(self, n: int, u: flint.nmod_mat, v: flint.nmod_mat) -> flint.nmod:
        """``⟨∂C/∂w_n, u vᵀ⟩`` at this point, by forward-mode
        differentiation: the tangent ``u (vᵀ a_n)`` is pushed through
        ``w_{n+1} … w_{L-1}`` and met with the cost's slope."""
        column = u
        for weight in self.weights[n:]:
            column = weight * column
        row = v.transpose() * self.activations[n - 1]
        return ((column.transpose() * self.slope) * row.transpose())[0, 0]


def formula_side(gradient: flint.nmod_mat, u: flint.nmod_mat, v: flint.nmod_mat):
    """``⟨G, u vᵀ⟩ = uᵀ G v``."""
    return (u.transpose() * (gradient * v))[0, 0]
