"""The probabilistic engine: the same identity at random points mod a prime.

Without activations, the composed cost ``C`` and every entry of a
candidate gradient ``G_n`` are polynomials in the input ``a_1``, the
weights ``w_n`` and the target ``y``. For a direction ``V_n`` of the
weight matrix ``w_n``, the residual

    r_n = ⟨∂C/∂w_n − G_n, V_n⟩,        ⟨X, V⟩ = Σ_ij X_ij V_ij,

is a polynomial in those symbols and in ``V_n``, and it is the zero
polynomial exactly when ``G_n`` is the true gradient. By the
Schwartz–Zippel lemma a nonzero polynomial of total degree ``D`` vanishes
at a point drawn uniformly from ``F_p^N`` with probability at most
``D/p``; ``t`` independent points at which ``r_n`` vanishes leave a false
pass with probability at most ``(D/p)^t``. Every value is exact in the
field ``F_p``: this is a proof with a stated error bound, not a
floating-point estimate.

The two sides at a point, every matrix a FLINT ``nmod_mat``:

* direct: forward-mode differentiation of the composition itself along
  ``V_n``: ``da_m = 0`` up to layer ``n``, ``da_{n+1} = V_n a_n``,
  ``da_{m+1} = w_m da_m`` above it, and
  ``⟨∂C/∂w_n, V_n⟩ = ⟨∂C/∂a_L, da_L⟩`` with the cost's own slope at the
  output (paper §4.2). No backprop formula is used.
* formula: ``G_n`` from the candidate formulas, evaluated by
  :func:`~symbackprop.formulas.evaluate`, then ``⟨G_n, V_n⟩``.

Directions are rank one, ``V_n = u_n v_nᵀ`` with ``u_n`` and ``v_n``
uniform. Then ``⟨G_n, V_n⟩ = u_nᵀ G_n v_n`` is two matrix-vector products
rather than an entrywise product of two large matrices, and the direct
side is as cheap, because the tangent stays rank one
(``da_{n+1} = u_n (v_nᵀ a_n)``) and only its column ``u_n`` has to be
pushed through the layers above. Nothing is lost: the coefficient of
``u_i v_j`` in ``r_n`` is entry ``(i, j)`` of ``∂C/∂w_n − G_n``, so
``r_n`` is nonzero whenever any entry is wrong. It costs one degree.

Degree: with the squared error and the paper's formulas, ``a_L`` has
degree ``L`` (``L − 1`` weights and the input), the slope ``a_L − y``
degree ``L``, the tangent ``da_L`` degree ``L + 1`` (the ``L − n − 1``
weights above layer ``n``, ``u_n``, ``v_n`` and ``a_n`` of degree ``n``),
and ``G_n = E_{n+1} a_nᵀ`` degree ``2L − 1``; so ``r_n`` has total degree
``D = 2L + 1``. Other formulas and costs are counted the same way by
evaluating them on degrees. With ``p = 2⁶² − 57`` and ``L = 10`` one
trial leaves at most ``21/p < 2⁻⁵⁷``, and two trials reach the default
bound of ``2⁻⁶⁴``.

A failing layer is localised with the point held fixed: the residual
matrix ``R = ∂C/∂w_n − G_n`` is then a fixed matrix of residues, and
``u_Iᵀ R v_J`` with random ``u``, ``v`` supported on rows ``I`` and
columns ``J`` is nonzero (with probability at least ``1 − 2/p``) exactly
when ``R`` has a nonzero entry in ``I × J``. Halving ``I``, then ``J``,
finds an entry; its two sides are then evaluated exactly, which makes the
counterexample a certificate: equal polynomials cannot differ at a point.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import flint
import numpy
import sympy

from ..backprop import backprop_gradients
from ..cost import Cost
from ..errors import InvalidInput, Unsupported, VerificationError
from ..formulas import Formulas, FormulaShapeError, evaluate
from ..network import Network
from ..report import Counterexample, LayerResult, Report
from ..symbols import entries, entry_matrix
from .base import Engine, Progress, mismatch, shape_failure
from .modular import FIELD_PRIME, DegreeAlgebra, NmodAlgebra
from .polynomial import substitute

#: the default bound on the probability that a wrong formula passes
DEFAULT_BOUND = 2.0**-64

#: output entries up to which a cost without a slope formula is
#: differentiated entry by entry in SymPy
SYMBOLIC_SLOPE_LIMIT = 256

#: bytes a run needs besides its matrices: the interpreter, SymPy, FLINT
BASE_BYTES = 300 * 2**20


class RandomEngine(Engine):
    """Schwartz–Zippel identity testing over ``F_p``, for any size.

    Args:
        trials: the number of random points; by default as many as the
            bound needs.
        bound: the false-pass probability to reach when ``trials`` is not
            given.
        seed: the seed of every random draw; a fresh one when omitted.
            The report gives it, and the same seed repeats the run.

    Raises:
        InvalidInput: a trial count below 1, a bound outside ``(0, 1)``,
            a negative seed.

    Example:
        >>> from ..cost import SquaredError
        >>> report = RandomEngine(seed=1).verify(
        ...     Network([3, 4, 2]), SquaredError(), Formulas())
        >>> report.ok, report.details["trials"], report.details["degree"]
        (True, 2, 7)
    """

    name = "random"
    level = "probabilistic"
    #: weight entries drawn and loaded into FLINT per second, measured on
    #: a 2-core machine; the rest of a trial is matrix-vector products
    entries_per_second = 2e6

    def __init__(
        self,
        trials: int | None = None,
        bound: float = DEFAULT_BOUND,
        seed: int | None = None,
    ) -> None:
        if trials is not None and (
            isinstance(trials, bool) or not isinstance(trials, int) or trials < 1
        ):
            raise InvalidInput(f"trials must be a positive integer, got {trials!r}")
        if not 0.0 < bound < 1.0:
            raise InvalidInput(
                f"the bound must lie strictly between 0 and 1, not {bound}"
            )
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, int) or seed < 0
        ):
            raise InvalidInput(f"the seed must be a non-negative integer, got {seed!r}")
        self.trials = trials
        self.bound = bound
        self.seed = seed
        self.algebra = NmodAlgebra(FIELD_PRIME)

    def trials_for(self, degree: int) -> int:
        """Trials needed for residuals of total degree ``degree``: the
        given count, or the fewest with ``(degree/p)^t`` within the bound.

        Example:
            >>> RandomEngine().trials_for(21), RandomEngine(trials=5).trials_for(21)
            (2, 5)
        """
        if self.trials is not None:
            return self.trials
        if degree >= self.algebra.prime:
            raise Unsupported(
                f"residuals of degree {degree} are too large for the prime "
                f"{self.algebra.prime}"
            )
        miss = _log2_miss(degree, self.algebra.prime)
        return max(1, math.ceil(math.log2(self.bound) / miss))

    def estimate_seconds(self, network: Network) -> float:
        trials = self.trials_for(2 * network.layers + 1)
        return 0.05 + trials * network.weight_count / self.entries_per_second

    def estimate_bytes(self, network: Network) -> int:
        # each weight matrix and each candidate gradient is a word per entry;
        # the largest layer also passes through NumPy and a Python list
        # (about 56 bytes an entry) on its way into FLINT; activations,
        # errors and tangents are a few words per activation entry
        largest = max(rows * cols for rows, cols in _shapes(network))
        activations = sum(network.widths) * network.columns
        return BASE_BYTES + 16 * network.weight_count + 64 * (largest + activations)

    def verify(
        self,
        network: Network,
        cost: Cost,
        formulas: Formulas,
        progress: Progress | None = None,
    ) -> Report:
        start = time.perf_counter()
        seed = secrets.randbits(64) if self.seed is None else self.seed
        slope = _Slope(cost, network, self.algebra)

        # the total degree of each layer's residual bounds its false passes
        degrees = _residual_degrees(network, formulas, slope.degree)
        degree = max(
            (value for value in degrees if not isinstance(value, FormulaShapeError)),
            default=1,
        )
        trials = self.trials_for(degree)

        # a formula that cannot even be formed fails before any point
        shapes = _shapes(network)
        failed = {
            n: shape_failure(n, shapes[n - 1], failure, network.widths, 0)
            for n, failure in enumerate(degrees, 1)
            if isinstance(failure, FormulaShapeError)
        }

        # each weight matrix is checked at every point until it fails
        seconds = [0.0] * len(shapes)
        done = 0
        while done < trials and len(failed) < len(shapes):
            generator = numpy.random.default_rng([seed, done])
            point = _Point.draw(
                self.algebra, generator, network, slope, done, trials, progress
            )
            for n, counterexample in self._check(
                point, generator, network, formulas, failed, seconds
            ):
                counterexample.extra.update(seed=seed, trial=done + 1)
                failed[n] = LayerResult(
                    n,
                    shapes[n - 1],
                    False,
                    _size(shapes[n - 1]),
                    seconds[n - 1],
                    counterexample,
                )
            done += 1
        layers = [
            failed.get(n) or LayerResult(n, shape, True, _size(shape), seconds[n - 1])
            for n, shape in enumerate(shapes, 1)
        ]

        bound_log2 = done * _log2_miss(degree, self.algebra.prime)
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
            details={
                "prime": self.algebra.prime,
                "trials": done,
                "degree": degree,
                "bound": 2.0**bound_log2,
                "bound_log2": round(bound_log2, 1),
                "seed": seed,
            },
        )

    def _check(
        self,
        point: _Point,
        generator: numpy.random.Generator,
        network: Network,
        formulas: Formulas,
        failed: dict[int, LayerResult],
        seconds: list[float],
    ) -> Iterator[tuple[int, Counterexample]]:
        """Compare the two sides at one point for every layer not yet
        failed; yield each new failure, localised to an entry."""
        gradients = backprop_gradients(
            network.widths,
            formulas,
            self.algebra,
            point.weights,
            point.activations,
            point.slope,
            network.columns,
        )
        for n, gradient in enumerate(gradients, 1):
            if n in failed:
                continue
            start = time.perf_counter()
            u, v = point.directions[n - 1]
            differs = point.direct(n, u, v) != _formula(gradient, u, v)
            counterexample = (
                _localise(point, n, gradient, generator, network.widths)
                if differs
                else None
            )
            seconds[n - 1] += time.perf_counter() - start + point.seconds
            if counterexample is not None:
                yield n, counterexample


def _log2_miss(degree: int, prime: int) -> float:
    """``log₂(D/p)``: one trial's false-pass bound, as a power of two."""
    return math.log2(degree) - math.log2(prime)


def _shapes(network: Network) -> list[tuple[int, int]]:
    return [network.weight_shape(n) for n in range(1, network.layers)]


def _size(shape: tuple[int, int]) -> int:
    return shape[0] * shape[1]


class _Slope:
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


def _residual_degrees(
    network: Network, formulas: Formulas, slope_degree: int
) -> list[int | FormulaShapeError]:
    """Each layer's residual degree, or the shape error of its formula.

    The formula side ``u_nᵀ G_n v_n`` has the degree of ``G_n`` plus two;
    the direct side ``⟨∂C/∂a_L, da_L⟩`` the slope's degree plus ``L + 1``.
    """
    layers = network.layers
    gradients = backprop_gradients(
        network.widths,
        formulas,
        DegreeAlgebra(),
        [1] * (layers - 1),
        list(range(1, layers + 1)),
        slope_degree,
        network.columns,
    )
    direct = slope_degree + layers + 1
    return [
        gradient
        if isinstance(gradient, FormulaShapeError)
        else max(direct, gradient + 2)
        for gradient in gradients
    ]


@dataclass
class _Point:
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
        slope: _Slope,
        trial: int,
        trials: int,
        progress: Progress | None,
    ) -> _Point:
        """Draw every value uniformly, in a fixed order, and run the
        forward rule ``a_{n+1} = w_n a_n`` (paper §4.1)."""
        start = time.perf_counter()
        widths, columns = network.widths, network.columns
        activations = [algebra.uniform(generator, widths[0], columns)]
        target = algebra.uniform(generator, widths[-1], columns)
        weights, directions = [], []
        for rows, cols in _shapes(network):
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


def _formula(gradient: flint.nmod_mat, u: flint.nmod_mat, v: flint.nmod_mat):
    """``⟨G, u vᵀ⟩ = uᵀ G v``."""
    return (u.transpose() * (gradient * v))[0, 0]


def _localise(
    point: _Point,
    n: int,
    gradient: flint.nmod_mat,
    generator: numpy.random.Generator,
    widths: tuple[int, ...],
):
    """A wrong entry of ``∂C/∂w_n`` at ``point``, by halving its rows, then
    its columns, and the two sides of that entry."""
    algebra = point.algebra
    rows, cols = gradient.nrows(), gradient.ncols()

    def supported(size: int, part: range) -> flint.nmod_mat:
        values = numpy.zeros(size, dtype=numpy.uint64)
        values[part.start : part.stop] = generator.integers(
            0, algebra.prime, size=len(part), dtype=numpy.uint64
        )
        return algebra.matrix(size, 1, values.tolist())

    def differs(u: flint.nmod_mat, v: flint.nmod_mat) -> bool:
        return point.direct(n, u, v) != _formula(gradient, u, v)

    row = _search(
        rows,
        lambda part: differs(supported(rows, part), supported(cols, range(cols))),
    )
    unit_row = algebra.matrix(rows, 1, [int(i == row) for i in range(rows)])
    col = _search(cols, lambda part: differs(unit_row, supported(cols, part)))
    unit_col = algebra.matrix(cols, 1, [int(j == col) for j in range(cols)])

    direct = int(point.direct(n, unit_row, unit_col))
    formula = int(gradient[row, col])
    return mismatch(
        n,
        (row + 1, col + 1),
        direct,
        formula,
        (direct - formula) % algebra.prime,
        widths,
        where=f" at a random point mod {algebra.prime}",
    )


def _search(size: int, nonzero: Callable[[range], bool], attempts: int = 32) -> int:
    """The index of a part that ``nonzero`` accepts, by halving ``range(size)``.

    ``nonzero(part)`` probes the residual on ``part`` with fresh random
    values; a part that holds a nonzero entry is accepted with probability
    at least ``1 − 2/p``, one that holds none never.
    """
    part = range(size)
    while len(part) > 1:
        half = len(part) // 2
        for _ in range(attempts):
            if nonzero(part[:half]):
                part = part[:half]
                break
            if nonzero(part[half:]):
                part = part[half:]
                break
        else:
            raise VerificationError(
                f"the residual vanished on both halves of rows or columns "
                f"{part.start + 1}..{part.stop} in {attempts} draws"
            )
    return part[0]
