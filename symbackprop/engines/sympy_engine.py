"""The SymPy engine: exact, and written in the language users see.

It uses SymPy's sparse multivariate polynomials (``sympy.polys.rings``)
over ℚ, a canonical form in which equality is decided exactly. Expanding
ordinary SymPy expressions with ``expand`` would decide the same thing
about fifty times more slowly; ``simplify`` would decide nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy.polys.rings import ring as polynomial_ring

from .polynomial import PolynomialEngine, Ring


class SympyRing(Ring):
    """``ℚ[symbols]`` as SymPy's ``PolyRing``."""

    def __init__(self, symbols: Sequence[sympy.Symbol]) -> None:
        super().__init__(symbols)
        self.ring, *self._generators = polynomial_ring(self.symbols, sympy.QQ)

    def generators(self):
        return list(self._generators)

    def constant(self, value):
        return self.ring(sympy.QQ.convert(value))

    def derivative(self, polynomial, index):
        return polynomial.diff(self._generators[index])

    def degree(self, polynomial, index):
        return max(polynomial.degree(self._generators[index]), 0)

    def to_sympy(self, polynomial):
        return polynomial.as_expr()


class SympyEngine(PolynomialEngine):
    """Exact check with SymPy's sparse polynomials."""

    name = "sympy"
    work_per_second = 1e6

    def make_ring(self, symbols):
        return SympyRing(symbols)

    def bytes_per_term(self, generators):
        # a dict entry: a tuple of exponents, a rational coefficient
        return 150 + 8 * generators
