"""Backpropagation formulas as matrix expressions (paper §5).

A formula is any callable that builds a matrix from matrices, written as a
student would write it on paper:

* a *gradient formula* ``f(E_next, a_n, w_n)`` gives ``∂C/∂w_n``; the
  paper's is ``E_{n+1} a_nᵀ``;
* an *error formula* ``g(w_n, E_next)`` gives ``E_n``; the paper's is
  ``w_nᵀ E_{n+1}``.

The callable is run once per layer on SymPy ``MatrixSymbol``s of the
layer's shapes, which gives a matrix expression such as
``E_2*a_1.T``. Every engine then evaluates that one expression in its own
arithmetic (SymPy polynomials, FLINT polynomials, integers modulo a
prime), so a formula is checked the same way whichever engine runs, and a
formula whose shapes do not fit is caught before any arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, Protocol

import sympy
from sympy.matrices.common import ShapeError

from .errors import InvalidInput, SymbackpropError, Unsupported

GradientFormula = Callable[[Any, Any, Any], Any]
ErrorFormula = Callable[[Any, Any], Any]


#: highest matrix power a formula may use
MAX_POWER = 8


def paper_gradient(error_next, activation, weight):
    """``∂C/∂w_n = E_{n+1} a_nᵀ`` (paper §5, last identity)."""
    return error_next * activation.T


def paper_error(weight, error_next):
    """``E_n = w_nᵀ E_{n+1}`` (paper §5, the error recursion)."""
    return weight.T * error_next


def check_error_formula_used(error: ErrorFormula | None, layers: int) -> None:
    """Refuse an error formula that the network would never apply.

    With two layers the only error needed is ``E_2 = E_L``, the slope of the
    cost, so a candidate ``E_n`` is never used and a wrong one would seem to
    pass (paper §5 needs ``n < L``).

    Raises:
        InvalidInput: ``error`` is given and ``layers < 3``.

    Example:
        >>> check_error_formula_used(None, 2)
    """
    if error is not None and layers < 3:
        raise InvalidInput(
            "an error formula gives E_n for n < L, which a network of 2 layers "
            "never uses; give at least 3 layers to check it"
        )


class FormulaShapeError(SymbackpropError):
    """A candidate formula gives a matrix of the wrong shape, or multiplies
    matrices whose shapes do not fit. A verifier reports this as a failed
    check, not as a crash."""


def _memoized(method: Callable) -> Callable:
    """Keep a method's results for formulas seen before: turning a formula
    into a matrix expression costs SymPy milliseconds, and the same
    formulas are asked about layer after layer and run after run. Formulas
    that cannot be hashed are simply not kept."""
    cached = lru_cache(maxsize=1024)(method)

    @wraps(method)
    def wrapper(self, *args):
        try:
            hash(self)
        except TypeError:
            return method(self, *args)
        return cached(self, *args)

    return wrapper


@dataclass(frozen=True)
class Formulas:
    """The pair of formulas a verification checks.

    Args:
        gradient: ``f(E_next, a_n, w_n)``, a candidate ``∂C/∂w_n``.
        error: ``g(w_n, E_next)``, a candidate ``E_n``.

    Example:
        >>> Formulas().describe()
        ('E_{n+1}*a_n.T', 'w_n.T*E_{n+1}')
    """

    gradient: GradientFormula = paper_gradient
    error: ErrorFormula = paper_error

    def __post_init__(self) -> None:
        for name in ("gradient", "error"):
            if not callable(getattr(self, name)):
                raise InvalidInput(f"the {name} formula must be callable")

    @property
    def is_paper(self) -> bool:
        """True when both formulas are the paper's own."""
        return self.gradient is paper_gradient and self.error is paper_error

    @_memoized
    def gradient_expression(
        self, n: int, weight_shape: tuple[Any, Any], columns: Any = 1
    ) -> sympy.MatrixExpr:
        """The gradient formula for ``w_n`` as an expression in ``E_{n+1}``,
        ``a_n`` and ``w_n``, checked to have ``w_n``'s shape."""
        rows, cols = weight_shape
        error_next, activation, weight = layer_symbols(n, rows, cols, columns)
        expression = _call(
            self.gradient, (error_next, activation, weight), f"∂C/∂w_{n}"
        )
        return _checked(expression, (rows, cols), f"∂C/∂w_{n}")

    @_memoized
    def error_expression(
        self, n: int, weight_shape: tuple[Any, Any], columns: Any = 1
    ) -> sympy.MatrixExpr:
        """The error formula for ``E_n`` as an expression in ``w_n`` and
        ``E_{n+1}``, checked to have ``a_n``'s shape."""
        rows, cols = weight_shape
        error_next, _, weight = layer_symbols(n, rows, cols, columns)
        expression = _call(self.error, (weight, error_next), f"E_{n}")
        return _checked(expression, (cols, columns), f"E_{n}")

    @_memoized
    def describe(self) -> tuple[str, str]:
        """Both formulas in plain text, with generic layer names."""
        texts = []
        for formula, arity in ((self.gradient, 3), (self.error, 2)):
            texts.append(_describe(formula, arity))
        return texts[0], texts[1]


def _describe(formula: Callable, arity: int) -> str:
    """A formula as text, built on non-square layers if it fits them and on
    square ones otherwise (a wrong transpose only fits square layers)."""
    for rows, cols in ((3, 2), (3, 3)):
        error_next, activation, weight = layer_symbols(0, rows, cols)
        names = {error_next: "E_{n+1}", activation: "a_n", weight: "w_n"}
        args = (error_next, activation, weight) if arity == 3 else (weight, error_next)
        try:
            expression = formula(*args)
        except Exception:  # a formula that does not fit these shapes
            continue
        renamed = {
            symbol: sympy.MatrixSymbol(names[symbol], *symbol.shape) for symbol in names
        }
        return sympy.sstr(expression.xreplace(renamed))
    return getattr(formula, "__name__", repr(formula))


def layer_symbols(
    n: int, rows: Any, cols: Any, columns: Any = 1
) -> tuple[sympy.MatrixSymbol, sympy.MatrixSymbol, sympy.MatrixSymbol]:
    """``E_{n+1}``, ``a_n`` and ``w_n`` as matrix symbols of their shapes."""
    return (
        sympy.MatrixSymbol(f"E_{n + 1}", rows, columns),
        sympy.MatrixSymbol(f"a_{n}", cols, columns),
        sympy.MatrixSymbol(f"w_{n}", rows, cols),
    )


def _call(formula: Callable, args: tuple, what: str) -> sympy.MatrixExpr:
    try:
        result = formula(*args)
    except ShapeError:
        shapes = ", ".join(f"{arg.name} is {shape_text(arg.shape)}" for arg in args)
        raise FormulaShapeError(
            f"the formula for {what} combines matrices whose shapes do not fit "
            f"({shapes})"
        ) from None
    if isinstance(result, sympy.MatrixBase):
        result = sympy.ImmutableMatrix(result)
    if not isinstance(result, (sympy.MatrixExpr, sympy.MatrixBase)):
        raise InvalidInput(
            f"the formula for {what} must return a matrix, got {type(result).__name__}"
        )
    return result


def _checked(expression, expected: tuple[Any, Any], what: str):
    if tuple(expression.shape) != tuple(expected):
        raise FormulaShapeError(
            f"{what}: expected {shape_text(expected)}, "
            f"got {shape_text(expression.shape)}"
        )
    return expression


def shape_text(shape: tuple[Any, Any]) -> str:
    """``(3, 4)`` as ``3×4``."""
    return f"{shape[0]}×{shape[1]}"


class Algebra(Protocol):
    """Matrix arithmetic of one engine, enough to evaluate a formula."""

    def matmul(self, left: Any, right: Any) -> Any: ...
    def add(self, left: Any, right: Any) -> Any: ...
    def transpose(self, matrix: Any) -> Any: ...
    def scale(self, factor: sympy.Rational, matrix: Any) -> Any: ...
    def zeros(self, rows: int, cols: int) -> Any: ...
    def identity(self, size: int) -> Any: ...


def evaluate(expression: Any, values: dict[Any, Any], algebra: Algebra) -> Any:
    """Evaluate a matrix expression with its symbols bound to matrices.

    Args:
        expression: a SymPy matrix expression built from ``MatrixSymbol``s,
            products, sums, transposes, rational scalars, powers, zero and
            identity matrices.
        values: the matrix bound to each ``MatrixSymbol``.
        algebra: the arithmetic to evaluate in.

    Returns:
        The value, in the algebra's own matrix type.

    Raises:
        Unsupported: the expression uses an operation the evaluator does
            not know (say so precisely rather than guess).

    Example:
        >>> import sympy
        >>> w = sympy.MatrixSymbol("w", 2, 2)
        >>> evaluate(2 * w.T, {w: sympy.Matrix([[1, 2], [3, 4]])}, SympyAlgebra())
        Matrix([
        [2, 6],
        [4, 8]])
    """
    if isinstance(expression, sympy.MatrixSymbol):
        if expression not in values:
            raise Unsupported(
                f"the formula uses a matrix {expression.name} that is not one of "
                "its arguments"
            )
        return values[expression]
    if isinstance(expression, sympy.MatrixBase):
        return algebra.from_sympy(expression)
    if isinstance(expression, sympy.Transpose):
        return algebra.transpose(evaluate(expression.arg, values, algebra))
    if isinstance(expression, sympy.MatMul):
        factor, matrices = expression.as_coeff_matrices()
        result = evaluate(matrices[0], values, algebra)
        for matrix in matrices[1:]:
            result = algebra.matmul(result, evaluate(matrix, values, algebra))
        return result if factor == 1 else algebra.scale(_rational(factor), result)
    if isinstance(expression, sympy.MatAdd):
        terms = [evaluate(term, values, algebra) for term in expression.args]
        result = terms[0]
        for term in terms[1:]:
            result = algebra.add(result, term)
        return result
    if isinstance(expression, sympy.MatPow) and expression.exp.is_Integer:
        if expression.exp < 0:
            raise Unsupported("formulas with matrix inverses are not supported")
        if expression.exp > MAX_POWER:
            raise Unsupported(
                f"matrix powers above {MAX_POWER} are not supported (the cost "
                "forecasts do not count them)"
            )
        base = evaluate(expression.base, values, algebra)
        result = algebra.identity(_size(expression.shape[0]))
        for _ in range(int(expression.exp)):
            result = algebra.matmul(result, base)
        return result
    if isinstance(expression, sympy.ZeroMatrix):
        return algebra.zeros(*(_size(size) for size in expression.shape))
    if isinstance(expression, sympy.Identity):
        return algebra.identity(_size(expression.shape[0]))
    raise Unsupported(
        f"formulas using {type(expression).__name__} are not supported; use "
        "products, sums, transposes, powers and rational multiples of matrices"
    )


def _size(size: Any) -> Any:
    """A matrix dimension as a Python int when it is a number (engines index
    with it), or unchanged when it is a symbolic width."""
    return int(size) if getattr(size, "is_Integer", False) else size


def _rational(factor: Any) -> sympy.Rational:
    factor = sympy.sympify(factor)
    if not factor.is_Rational:
        raise Unsupported(
            f"formulas may scale matrices by rational numbers only, got {factor}"
        )
    return factor


class SympyAlgebra:
    """Matrix arithmetic on SymPy's immutable matrices."""

    def from_sympy(self, matrix: sympy.MatrixBase) -> sympy.ImmutableMatrix:
        return sympy.ImmutableMatrix(matrix)

    def matmul(self, left, right):
        return left * right

    def add(self, left, right):
        return left + right

    def transpose(self, matrix):
        return matrix.T

    def scale(self, factor, matrix):
        return factor * matrix

    def zeros(self, rows, cols):
        return sympy.ImmutableMatrix.zeros(rows, cols)

    def identity(self, size):
        return sympy.ImmutableMatrix.eye(size)
