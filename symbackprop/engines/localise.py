"""Finding a wrong entry of a gradient from random points.

With the point held fixed, the residual ``R = ∂C/∂w_n − G_n`` is a fixed
matrix of residues modulo the prime, and ``u_Iᵀ R v_J`` with random ``u``,
``v`` supported on rows ``I`` and columns ``J`` is nonzero (with
probability at least ``1 − 2/p``) exactly when ``R`` has a nonzero entry in
``I × J``. Halving the rows, then the columns, first half first, finds the
first wrong entry in reading order.
"""

from __future__ import annotations

from collections.abc import Callable

import flint
import numpy

from ..errors import VerificationError
from ..report import Counterexample
from .base import mismatch
from .random_point import Point, formula_side


def localise(
    point: Point,
    n: int,
    gradient: flint.nmod_mat,
    generator: numpy.random.Generator,
    widths: tuple[int, ...],
) -> Counterexample:
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
        return point.direct(n, u, v) != formula_side(gradient, u, v)

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
