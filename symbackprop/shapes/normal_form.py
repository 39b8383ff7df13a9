"""A normal form for polynomials in matrix symbols of symbolic shape.

SymPy cannot decide whether two matrix expressions are equal: ``simplify``
leaves ``xᵀwᵀy − yᵀwx`` alone although the two 1×1 products are the same
number, and a difference that is a ``ZeroMatrix`` does not compare equal to
``0``. This module decides it, for the expressions the paper needs
(products, sums, transposes, traces and rational multiples of matrix
symbols), by rewriting every expression into a canonical sum of terms:

* products are distributed over sums, so a term is one product of symbols;
* transposes are pushed down onto the symbols, reversing products, so a
  factor is a symbol or the transpose of one;
* wherever a product passes through a dimension that is literally 1, the
  piece between two such places is a 1×1 matrix, that is a number: it
  commutes with everything and equals its own transpose and its own trace,
  so it is taken out as a scalar factor. A width that is a symbol, such as
  ``n_2``, is never assumed to be 1, which is what keeps ``XᵀWᵀY`` and
  ``YᵀWX`` apart when ``X`` has ``B`` columns;
* a trace is invariant under cyclic rotation and under transposition, so a
  scalar factor is stored as its least rotation, read forwards or
  transposed;
* equal terms are collected, with exact rational coefficients.

Every rewrite is an identity that holds for all widths, so an expression
whose normal form has no terms is zero for every shape. The converse
(distinct normal forms are distinct functions) is what the all-shapes
level cross-checks at concrete widths instead of assuming.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from ..errors import InvalidInput, Unsupported

#: a factor of a product: a matrix symbol, transposed or not
Factor = tuple[sympy.MatrixSymbol, bool]
#: a product of factors, read left to right
Word = tuple[Factor, ...]


class Term(NamedTuple):
    """One product: scalar factors (traces) times a matrix product.

    Attributes:
        word: the matrix product, with no dimension 1 inside it except
            where a column vector meets a row vector.
        cycles: the scalar factors, each a trace in canonical rotation,
            sorted.
    """

    word: Word
    cycles: tuple[Word, ...]


class ShapeMismatch(InvalidInput):
    """Matrices whose symbolic shapes do not fit were multiplied or added."""


def _rows(factor: Factor) -> Any:
    symbol, transposed = factor
    return symbol.shape[1] if transposed else symbol.shape[0]


def _cols(factor: Factor) -> Any:
    symbol, transposed = factor
    return symbol.shape[0] if transposed else symbol.shape[1]


def _key(factor: Factor) -> tuple:
    symbol, transposed = factor
    return (symbol.name, str(symbol.shape[0]), str(symbol.shape[1]), transposed)


def _transpose_word(word: Word) -> Word:
    return tuple((symbol, not transposed) for symbol, transposed in reversed(word))


def _is_one(dimension: Any) -> bool:
    return sympy.sympify(dimension) == 1


def _least_rotation(cycle: Word) -> Word:
    """The trace ``tr(cycle)`` in its canonical reading: the least of its
    rotations, forwards and transposed (a trace is invariant under both)."""
    readings = []
    for word in (cycle, _transpose_word(cycle)):
        readings += [word[i:] + word[:i] for i in range(len(word))]
    return min(readings, key=lambda word: [_key(factor) for factor in word])


def _split_cycle(cycle: Word) -> list[Word]:
    """``tr(cycle)`` as a product of traces, cut wherever the cycle passes
    through a dimension 1 (each piece between two cuts is a number)."""
    cuts = [i for i, factor in enumerate(cycle) if _is_one(_cols(factor))]
    if len(cuts) <= 1:
        return [_least_rotation(cycle)]
    start = cuts[0] + 1
    rotated = cycle[start:] + cycle[:start]
    cuts = [(i - start) % len(cycle) + 1 for i in cuts]
    pieces, begin = [], 0
    for end in sorted(cuts):
        pieces.append(_least_rotation(rotated[begin:end]))
        begin = end
    return pieces


def _make_term(word: Word, cycles: Iterable[Word], rows: Any) -> Term:
    """Canonical term for ``∏ tr(cycles) · word``, ``word`` having ``rows`` rows.

    Every piece of the word that starts and ends at a dimension 1 is a
    1×1 matrix: it becomes a scalar factor, and the rest of the word (a
    column on the left, a row on the right) keeps its order.
    """
    boundaries = [rows] + [_cols(factor) for factor in word]
    cuts = [i for i, dimension in enumerate(boundaries) if _is_one(dimension)]
    scalars = list(cycles)
    if cuts:
        for begin, end in zip(cuts, cuts[1:]):
            scalars += _split_cycle(word[begin:end])
        word = word[: cuts[0]] + word[cuts[-1] :]
    return Term(word, tuple(sorted(scalars, key=_cycle_key)))


def _cycle_key(cycle: Word) -> list:
    return [_key(factor) for factor in cycle]


def _add_to(terms: dict[Term, Any], term: Term, coefficient: Any) -> None:
    total = sympy.expand(terms.get(term, 0) + coefficient)
    if total == 0:
        terms.pop(term, None)
    else:
        terms[term] = total


class MatrixPolynomial:
    """A matrix expression in normal form: ``Σ coefficient · term``.

    Args:
        shape: ``(rows, cols)``, integers or symbols.
        terms: coefficient of each :class:`Term`; zero coefficients are
            dropped.
        scalar: the value is a number rather than a matrix (a cost, a
            trace), so it may multiply a matrix of any shape.

    Build one with :func:`normal_form`; compare with ``==`` or test with
    :attr:`is_zero`.
    """

    def __init__(
        self, shape: tuple[Any, Any], terms: dict[Term, Any], scalar: bool = False
    ) -> None:
        self.shape = (sympy.sympify(shape[0]), sympy.sympify(shape[1]))
        self.terms = {term: value for term, value in terms.items() if value != 0}
        self.scalar = scalar

    @classmethod
    def symbol(cls, symbol: sympy.MatrixSymbol) -> MatrixPolynomial:
        """A matrix symbol on its own."""
        term = _make_term(((symbol, False),), (), symbol.shape[0])
        return cls(symbol.shape, {term: sympy.Integer(1)})

    @classmethod
    def number(cls, value: Any) -> MatrixPolynomial:
        """A scalar that involves no matrix, such as ``1/2`` or ``λ``."""
        return cls((1, 1), {Term((), ()): sympy.sympify(value)}, scalar=True)

    @classmethod
    def zero(cls, rows: Any, cols: Any) -> MatrixPolynomial:
        """The ``rows × cols`` zero matrix."""
        return cls((rows, cols), {})

    @classmethod
    def identity(cls, size: Any) -> MatrixPolynomial:
        """The ``size × size`` identity: the empty product."""
        if _is_one(size):
            return cls((1, 1), {Term((), ()): sympy.Integer(1)})
        return cls((size, size), {Term((), ()): sympy.Integer(1)})

    @property
    def is_zero(self) -> bool:
        """True when no term is left: the expression is 0 for every shape."""
        return not self.terms

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MatrixPolynomial):
            return NotImplemented
        if other.shape != self.shape:
            return False
        return (other - self).is_zero

    def __hash__(self) -> int:
        return hash(frozenset(self.terms.items()))

    def __repr__(self) -> str:
        return f"MatrixPolynomial({sympy.sstr(self.to_expr())})"

    def __neg__(self) -> MatrixPolynomial:
        return self.scale(-1)

    def __add__(self, other: MatrixPolynomial) -> MatrixPolynomial:
        if self.shape != other.shape:
            raise ShapeMismatch(
                f"cannot add a {_shape(self.shape)} and a {_shape(other.shape)} matrix"
            )
        terms = dict(self.terms)
        for term, coefficient in other.terms.items():
            _add_to(terms, term, coefficient)
        return MatrixPolynomial(self.shape, terms, self.scalar and other.scalar)

    def __sub__(self, other: MatrixPolynomial) -> MatrixPolynomial:
        return self + other.scale(-1)

    def __matmul__(self, other: MatrixPolynomial) -> MatrixPolynomial:
        if self.scalar or other.scalar:
            shape = other.shape if self.scalar else self.shape
            scalar = self.scalar and other.scalar
        elif self.shape[1] != other.shape[0]:
            raise ShapeMismatch(
                f"cannot multiply a {_shape(self.shape)} by a "
                f"{_shape(other.shape)} matrix"
            )
        else:
            shape, scalar = (self.shape[0], other.shape[1]), False
        terms: dict[Term, Any] = {}
        for left, left_coefficient in self.terms.items():
            for right, right_coefficient in other.terms.items():
                term = _make_term(
                    left.word + right.word, left.cycles + right.cycles, shape[0]
                )
                _add_to(terms, term, left_coefficient * right_coefficient)
        return MatrixPolynomial(shape, terms, scalar)

    def scale(self, factor: Any) -> MatrixPolynomial:
        """Multiply by a number that involves no matrix."""
        factor = sympy.sympify(factor)
        terms = {
            term: sympy.expand(factor * value) for term, value in self.terms.items()
        }
        return MatrixPolynomial(self.shape, terms, self.scalar)

    @property
    def T(self) -> MatrixPolynomial:  # noqa: N802 -- SymPy's and NumPy's name
        """The transpose: products reversed, each factor transposed."""
        terms: dict[Term, Any] = {}
        for term, coefficient in self.terms.items():
            transposed = _make_term(
                _transpose_word(term.word), term.cycles, self.shape[1]
            )
            _add_to(terms, transposed, coefficient)
        return MatrixPolynomial(self.shape[::-1], terms, self.scalar)

    def trace(self) -> MatrixPolynomial:
        """``tr`` of a square matrix, a scalar."""
        if self.shape[0] != self.shape[1]:
            raise ShapeMismatch(f"the trace of a {_shape(self.shape)} matrix")
        terms: dict[Term, Any] = {}
        for term, coefficient in self.terms.items():
            if not term.word:
                # tr of the identity is its size
                _add_to(terms, Term((), term.cycles), coefficient * self.shape[0])
                continue
            cycles = term.cycles + tuple(_split_cycle(term.word))
            _add_to(terms, Term((), tuple(sorted(cycles, key=_cycle_key))), coefficient)
        return MatrixPolynomial((1, 1), terms, scalar=True)

    def derivative(self, symbol: sympy.MatrixSymbol) -> MatrixPolynomial:
        """``∂self/∂symbol`` of a scalar, of ``symbol``'s shape.

        This is matrix calculus written independently of SymPy's: by the
        product rule each occurrence of ``w`` in a trace is differentiated
        alone, and ``∂ tr(w M)/∂w = Mᵀ``, ``∂ tr(wᵀ M)/∂w = M``.

        Raises:
            Unsupported: ``self`` is a matrix, not a scalar.
        """
        if not self.scalar and self.shape != (1, 1):
            raise Unsupported("only a scalar can be differentiated by a matrix")
        terms: dict[Term, Any] = {}
        for term, coefficient in self.terms.items():
            for index, cycle in enumerate(term.cycles):
                others = term.cycles[:index] + term.cycles[index + 1 :]
                for position, (factor, transposed) in enumerate(cycle):
                    if factor != symbol:
                        continue
                    rest = cycle[position + 1 :] + cycle[:position]
                    word = rest if transposed else _transpose_word(rest)
                    _add_to(
                        terms, _make_term(word, others, symbol.shape[0]), coefficient
                    )
        return MatrixPolynomial(symbol.shape, terms)

    def to_expr(self) -> sympy.Expr:
        """The normal form as a SymPy expression, scalars shown as traces."""
        if self.is_zero:
            return sympy.S.Zero if self.scalar else sympy.ZeroMatrix(*self.shape)
        parts = []
        for term, coefficient in sorted(self.terms.items(), key=_term_order):
            scalars = [sympy.Trace(_product(cycle)) for cycle in term.cycles]
            scalar = sympy.Mul(coefficient, *scalars)
            if self.scalar or self.shape == (1, 1):
                parts.append(scalar)
            else:
                matrix = (
                    _product(term.word) if term.word else sympy.Identity(self.shape[0])
                )
                parts.append(matrix if scalar == 1 else sympy.MatMul(scalar, matrix))
        if self.scalar or self.shape == (1, 1):
            return sympy.Add(*parts)
        return sympy.MatAdd(*parts)


def _term_order(item: tuple[Term, Any]) -> tuple:
    term, _ = item
    return (
        -len(term.word),
        _cycle_key(term.word),
        [_cycle_key(c) for c in term.cycles],
    )


def _product(word: Word) -> sympy.MatrixExpr:
    factors = [symbol.T if transposed else symbol for symbol, transposed in word]
    return factors[0] if len(factors) == 1 else sympy.MatMul(*factors)


def _shape(shape: tuple[Any, Any]) -> str:
    return f"{shape[0]}×{shape[1]}"


def normal_form(expression: Any) -> MatrixPolynomial:
    """The normal form of a matrix (or scalar) expression.

    Args:
        expression: a SymPy expression built from ``MatrixSymbol``s with
            products, sums, transposes, traces, non-negative integer
            powers, zero and identity matrices, and scalars that involve no
            matrix.

    Returns:
        Its :class:`MatrixPolynomial`.

    Raises:
        Unsupported: the expression uses anything else (an inverse, an
            entry, an array), which is named.
        ShapeMismatch: a product or sum whose symbolic shapes do not fit.

    Example:
        >>> import sympy
        >>> n = sympy.Symbol("n", integer=True, positive=True)
        >>> x, y = sympy.MatrixSymbol("x", n, 1), sympy.MatrixSymbol("y", n, 1)
        >>> normal_form(x.T * y) == normal_form(y.T * x)
        True
    """
    if isinstance(expression, sympy.MatrixSymbol):
        return MatrixPolynomial.symbol(expression)
    if isinstance(expression, sympy.ZeroMatrix):
        return MatrixPolynomial.zero(*expression.shape)
    if isinstance(expression, sympy.Identity):
        return MatrixPolynomial.identity(expression.shape[0])
    if isinstance(expression, sympy.Transpose):
        return normal_form(expression.arg).T
    if isinstance(expression, sympy.Trace):
        return normal_form(expression.arg).trace()
    if isinstance(expression, (sympy.MatMul, sympy.Mul)):
        result = MatrixPolynomial.number(1)
        for factor in expression.args:
            result = result @ normal_form(factor)
        return result
    if isinstance(expression, (sympy.MatAdd, sympy.Add)):
        parts = [normal_form(term) for term in expression.args]
        shapes = {part.shape for part in parts if not part.scalar}
        if len(shapes) > 1 or shapes and any(part.scalar for part in parts):
            raise ShapeMismatch(
                "a sum of terms of different shapes: "
                + ", ".join(sorted(_shape(shape) for shape in shapes))
            )
        result = parts[0]
        for part in parts[1:]:
            result = result + part
        return result
    if isinstance(expression, (sympy.MatPow, sympy.Pow)):
        base, exponent = expression.args
        if not (exponent.is_Integer and exponent >= 0):
            raise Unsupported(
                f"powers other than non-negative integers are not supported: "
                f"{sympy.sstr(expression)}"
            )
        power = normal_form(base)
        result = (
            MatrixPolynomial.number(1)
            if power.scalar
            else MatrixPolynomial.identity(power.shape[0])
        )
        for _ in range(int(exponent)):
            result = result @ power
        return result
    if isinstance(expression, sympy.Basic) and not isinstance(expression, MatrixExpr):
        if not expression.has(MatrixExpr) and not expression.atoms(sympy.MatrixSymbol):
            if expression.is_commutative and not expression.has(sympy.Trace):
                return MatrixPolynomial.number(expression)
    raise Unsupported(
        f"the normal form does not support {type(expression).__name__} "
        f"({sympy.sstr(expression)[:80]})"
    )


def is_zero(expression: Any) -> bool:
    """Whether a matrix expression is zero for every shape, decided in the
    normal form (never by ``simplify`` or by ``== 0``).

    Example:
        >>> import sympy
        >>> n, m = sympy.symbols("n m", integer=True, positive=True)
        >>> w = sympy.MatrixSymbol("w", m, n)
        >>> x, y = sympy.MatrixSymbol("x", n, 1), sympy.MatrixSymbol("y", m, 1)
        >>> is_zero(x.T * w.T * y - y.T * w * x), is_zero(w - w.T.T)
        (True, True)
        >>> B = sympy.Symbol("B", integer=True, positive=True)
        >>> X, Y = sympy.MatrixSymbol("X", n, B), sympy.MatrixSymbol("Y", m, B)
        >>> product = X.T * w.T * Y
        >>> is_zero(product - (Y.T * w * X).T), is_zero(product - Y.T * w * X)
        (True, False)
    """
    if isinstance(expression, MatrixPolynomial):
        return expression.is_zero
    return normal_form(expression).is_zero


class NormalFormAlgebra:
    """Matrix arithmetic on normal forms, so that
    :func:`symbackprop.formulas.evaluate` can run a candidate formula on
    matrices of symbolic shape."""

    def from_sympy(self, matrix: sympy.MatrixBase) -> MatrixPolynomial:
        raise Unsupported("formulas with explicit matrices need concrete widths")

    def matmul(self, left: MatrixPolynomial, right: MatrixPolynomial):
        return left @ right

    def add(self, left: MatrixPolynomial, right: MatrixPolynomial):
        return left + right

    def transpose(self, matrix: MatrixPolynomial):
        return matrix.T

    def scale(self, factor: sympy.Rational, matrix: MatrixPolynomial):
        return matrix.scale(factor)

    def zeros(self, rows: Any, cols: Any):
        return MatrixPolynomial.zero(rows, cols)

    def identity(self, size: Any):
        return MatrixPolynomial.identity(size)
