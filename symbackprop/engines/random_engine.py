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

A failing layer is localised to an entry with the point held fixed
(:mod:`~symbackprop.engines.localise`), and that entry's two sides are
evaluated exactly, which makes the counterexample a certificate: equal
polynomials cannot differ at a point.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Iterator

import numpy

from ..backprop import backprop_gradients
from ..cost import Cost
from ..errors import InvalidInput, Unsupported
from ..formulas import Formulas, FormulaShapeError
from ..network import Network
from ..report import Counterexample, LayerResult, Report
from .base import Engine, Progress, shape_failure
from .localise import localise
from .modular import FIELD_PRIME, DegreeAlgebra, NmodAlgebra
from .random_point import Point, Slope, formula_side, weight_shapes

#: the default bound on the probability that a wrong formula passes
DEFAULT_BOUND = 2.0**-64

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
        largest = max(rows * cols for rows, cols in weight_shapes(network))
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
        slope = Slope(cost, network, self.algebra)

        # the total degree of each layer's residual bounds its false passes
        degrees = _residual_degrees(network, formulas, slope.degree)
        degree = max(
            (value for value in degrees if not isinstance(value, FormulaShapeError)),
            default=1,
        )
        trials = self.trials_for(degree)

        # a formula that cannot even be formed fails before any point
        shapes = weight_shapes(network)
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
            point = Point.draw(
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
        return self.report(
            network,
            cost,
            formulas,
            layers,
            start,
            {
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
        point: Point,
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
            differs = point.direct(n, u, v) != formula_side(gradient, u, v)
            counterexample = (
                localise(point, n, gradient, generator, network.widths)
                if differs
                else None
            )
            seconds[n - 1] += time.perf_counter() - start + point.seconds
            if counterexample is not None:
                yield n, counterexample


def _log2_miss(degree: int, prime: int) -> float:
    """``log₂(D/p)``: one trial's false-pass bound, as a power of two."""
    return math.log2(degree) - math.log2(prime)


def _size(shape: tuple[int, int]) -> int:
    return shape[0] * shape[1]


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
