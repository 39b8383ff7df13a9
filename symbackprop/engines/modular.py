"""Arithmetic modulo a prime, for the probabilistic engine.

Matrices are FLINT's ``nmod_mat``: entries are residues modulo a prime
below ``2⁶⁴``, one machine word each, and products and sums run in C.
Random matrices are drawn with NumPy, which gives exactly uniform
integers below ``p`` quickly, and handed to FLINT once.

Degrees are tracked alongside: :class:`DegreeAlgebra` evaluates a formula
on total degrees instead of matrices, which bounds the degree of every
entry of the result, the number the Schwartz–Zippel lemma needs.
"""

from __future__ import annotations

import flint
import numpy
import sympy

from ..errors import Unsupported

#: the largest prime below ``2⁶²``: a nonzero polynomial of degree ``D``
#: vanishes at a uniform point with probability at most ``D / p``, about
#: ``D · 2⁻⁶²``; and residues below ``2⁶²`` are FLINT's small integers, which
#: it reads from Python quickly (see :meth:`NmodAlgebra.uniform`)
FIELD_PRIME = 2**62 - 57


class NmodAlgebra:
    """Matrix arithmetic over the field of integers modulo ``prime``, a
    prime below ``2⁶²``.

    Example:
        >>> algebra = NmodAlgebra(7)
        >>> half = algebra.constant(sympy.Rational(1, 2))
        >>> half, half * 2
        (4, 1)
    """

    def __init__(self, prime: int = FIELD_PRIME) -> None:
        self.prime = prime

    def residue(self, value: sympy.Rational) -> int:
        """A rational number ``a/b`` as ``a · b⁻¹ mod p``.

        Raises:
            Unsupported: the number is not rational, or ``p`` divides its
                denominator.
        """
        value = sympy.sympify(value)
        if not value.is_Rational:
            raise Unsupported(
                f"only rational numbers can be taken modulo a prime, got {value}"
            )
        numerator, denominator = int(value.p), int(value.q)
        if denominator % self.prime == 0:
            raise Unsupported(
                f"{value} has no value modulo {self.prime}: the prime divides "
                "its denominator"
            )
        return numerator * pow(denominator, -1, self.prime) % self.prime

    def constant(self, value: sympy.Rational) -> flint.nmod:
        """A rational number as a field element (for scalar polynomials)."""
        return flint.nmod(self.residue(value), self.prime)

    def matrix(self, rows: int, cols: int, values) -> flint.nmod_mat:
        """A matrix from its entries row by row, each an integer."""
        return flint.nmod_mat(rows, cols, [int(value) for value in values], self.prime)

    def uniform(
        self, generator: numpy.random.Generator, rows: int, cols: int
    ) -> flint.nmod_mat:
        """A ``rows × cols`` matrix of independent uniform residues."""
        values = generator.integers(
            0, self.prime, size=rows * cols, dtype=numpy.uint64
        ).tolist()
        # through fmpz_mat, which reads integers below 2⁶² in about 60% of
        # the time nmod_mat takes; reducing it modulo p is then a C loop
        return flint.nmod_mat(flint.fmpz_mat(rows, cols, values), self.prime)

    def from_sympy(self, matrix: sympy.MatrixBase) -> flint.nmod_mat:
        return flint.nmod_mat(
            matrix.rows,
            matrix.cols,
            [self.residue(value) for value in matrix],
            self.prime,
        )

    def matmul(self, left, right):
        return left * right

    def add(self, left, right):
        return left + right

    def transpose(self, matrix):
        return matrix.transpose()

    def scale(self, factor, matrix):
        return matrix * self.residue(factor)

    def zeros(self, rows, cols):
        return flint.nmod_mat(rows, cols, self.prime)

    def identity(self, size):
        ones = [1 if i % (size + 1) == 0 else 0 for i in range(size * size)]
        return flint.nmod_mat(size, size, ones, self.prime)


class DegreeAlgebra:
    """Formulas evaluated on total degrees rather than on matrices.

    A "matrix" here is one integer, an upper bound on the total degree of
    its entries as polynomials: a product adds degrees, a sum takes the
    larger, constants have degree 0.

    Example:
        >>> from ..formulas import evaluate
        >>> E, a = sympy.MatrixSymbol("E", 3, 1), sympy.MatrixSymbol("a", 2, 1)
        >>> evaluate(E * a.T, {E: 5, a: 2}, DegreeAlgebra())
        7
    """

    def from_sympy(self, matrix):
        return 0

    def matmul(self, left, right):
        return left + right

    def add(self, left, right):
        return max(left, right)

    def transpose(self, matrix):
        return matrix

    def scale(self, factor, matrix):
        return matrix

    def zeros(self, rows, cols):
        return 0

    def identity(self, size):
        return 0
