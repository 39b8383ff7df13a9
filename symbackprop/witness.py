"""A point with small integers at which two polynomials differ.

A residual ``direct − formula`` that is not the zero polynomial is nonzero
somewhere; shown at a point such as ``a1_1 = 1, w1_1_2 = -2``, the two
sides become two different numbers, which is often the quickest way for a
reader to see that a formula is wrong.
"""

from __future__ import annotations

import random
from typing import Any

import sympy

#: small values tried for each symbol, and how many points to try
VALUES = (-2, -1, 1, 2, 3)
TRIES = 200


def small_witness(
    residual: sympy.Expr, direct: sympy.Expr, formula: sympy.Expr, seed: int = 0
) -> dict[str, Any] | None:
    """Small integers for the symbols at which ``residual`` is not zero.

    Args:
        residual: a nonzero polynomial, ``direct − formula``.
        direct: the direct derivative's entry.
        formula: the formula's entry.
        seed: seed of the points tried, so the witness is reproducible.

    Returns:
        ``{"point": {name: value}, "direct": int, "formula": int}`` for the
        symbols of both sides, or ``None`` when no point was found among the
        tries (a nonzero polynomial of low degree in few symbols rarely
        vanishes at all of them).

    Example:
        >>> x, y = sympy.symbols("x y")
        >>> witness = small_witness(x - y, x, y)
        >>> witness["direct"] != witness["formula"]
        True
    """
    symbols = sorted((direct - formula).free_symbols | residual.free_symbols, key=str)
    if not symbols:
        return None
    generator = random.Random(seed)
    for _ in range(TRIES):
        point = {symbol: generator.choice(VALUES) for symbol in symbols}
        if residual.xreplace(point) != 0:
            return {
                "point": {str(symbol): value for symbol, value in point.items()},
                "direct": direct.xreplace(point),
                "formula": formula.xreplace(point),
            }
    return None
