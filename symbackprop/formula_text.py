"""Formulas typed as text, read without ``eval``.

The CLI accepts a candidate formula such as ``"a * E.T"`` for
``∂C/∂w_n``. Text from a user is never handed to ``eval`` or to SymPy's
``sympify`` (which evaluates Python): it is parsed with :mod:`ast` and
only a handful of node kinds are accepted: the formula's own variable
names, ``.T``, ``*``, ``@``, ``+``, ``-``, division by numbers, powers
with whole-number exponents, rational constants and parentheses. Anything
else is refused with a message naming it.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import sympy

from .errors import InvalidInput
from .formulas import MAX_POWER

#: the variables each kind of formula may use, in argument order, with aliases
GRADIENT_VARIABLES = (("E", "E_next"), ("a", "a_n"), ("w", "w_n"))
ERROR_VARIABLES = (("w", "w_n"), ("E", "E_next"))

#: how refused syntax is named in messages
_WORDS = {
    "Call": "function calls are",
    "Subscript": "indexing is",
    "Lambda": "lambda is",
    "Constant": "this constant is",
    "List": "lists are",
    "Tuple": "tuples are",
    "IfExp": "conditionals are",
}

#: the operators a formula may use
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.MatMult, ast.Div, ast.Pow)
_OPERATORS_SHOWN = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.LShift: "<<",
    ast.RShift: ">>",
}

#: longest formula accepted, to keep parsing trivially cheap
MAX_LENGTH = 500


def parse_formula(
    text: str, variables: Sequence[tuple[str, ...]]
) -> Callable[..., Any]:
    """Turn formula text into a callable on matrices.

    Args:
        text: the formula, e.g. ``"E * a.T"``.
        variables: for each argument of the callable, the names it may be
            called in the text (the first is its usual name).

    Returns:
        A callable taking the arguments in order and building the formula.

    Raises:
        InvalidInput: the text does not parse, or uses anything besides the
            allowed names, ``.T``, ``*``, ``@``, ``+``, ``-`` and numbers.

    Example:
        >>> import sympy
        >>> gradient = parse_formula("-2 * E * a.T", GRADIENT_VARIABLES)
        >>> E, a, w = (sympy.MatrixSymbol(n, 2, 1) for n in ("E", "a", "w"))
        >>> gradient(E, a, w)
        -2*E*a.T
    """
    if len(text) > MAX_LENGTH:
        raise InvalidInput(f"formula is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant):
                # the literal as typed, so that 1e-400 is read exactly, not as 0.0
                node.literal = ast.get_source_segment(text.strip(), node)
    except SyntaxError:
        raise InvalidInput(f"cannot parse formula {text!r}") from None
    positions = {name: index for index, names in enumerate(variables) for name in names}
    allowed = ", ".join(names[0] for names in variables)
    if _check(tree.body, positions, allowed, text) != "matrix":
        raise InvalidInput(f"formula {text!r} must give a matrix, not a number")

    def formula(*arguments: Any) -> Any:
        return _build(tree.body, positions, arguments)

    formula.__name__ = text.strip()
    return formula


def _check(node: ast.AST, positions: dict[str, int], allowed: str, text: str) -> str:
    """Refuse anything outside the whitelist; return the node's kind,
    ``"matrix"`` or ``"number"``, so that a number is never added to a
    matrix and only matrices are transposed or multiplied with ``@``."""
    if isinstance(node, ast.Name):
        if node.id not in positions:
            raise InvalidInput(
                f"unknown name {node.id!r} in formula {text!r}; use {allowed}"
            )
        return "matrix"
    if isinstance(node, ast.Attribute):
        if node.attr != "T":
            raise InvalidInput(
                f"only the transpose .T is allowed in a formula, not .{node.attr}"
            )
        if _check(node.value, positions, allowed, text) != "matrix":
            raise InvalidInput("only a matrix can be transposed with .T")
        return "matrix"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _check(node.operand, positions, allowed, text)
    if isinstance(node, ast.BinOp):
        return _check_operation(node, positions, allowed, text)
    if _is_number(node):
        if not math.isfinite(node.value):
            raise InvalidInput(f"number {node.value!r} is out of range in a formula")
        return "number"
    what = _WORDS.get(type(node).__name__, type(node).__name__)
    raise InvalidInput(
        f"{what} not allowed in a formula; use {allowed}, .T, *, @, +, - and numbers"
    )


def _check_operation(
    node: ast.BinOp, positions: dict[str, int], allowed: str, text: str
) -> str:
    operator = type(node.op)
    if operator not in _OPERATORS:
        raise InvalidInput(
            f"operator {_OPERATORS_SHOWN.get(operator, operator.__name__)} "
            "is not allowed in a formula"
        )
    left = _check(node.left, positions, allowed, text)
    if operator is ast.Pow:
        exponent = node.right
        if not (
            _is_number(exponent)
            and isinstance(exponent.value, int)
            and 0 <= exponent.value <= MAX_POWER
        ):
            raise InvalidInput(
                "a power in a formula needs a whole number exponent from 0 to "
                f"{MAX_POWER}"
            )
        return left
    right = _check(node.right, positions, allowed, text)
    if operator is ast.Div:
        if right != "number":
            raise InvalidInput("a formula may divide by a number only")
        return left
    if operator in (ast.Add, ast.Sub) and left != right:
        raise InvalidInput("a formula cannot add a number to a matrix")
    if operator is ast.MatMult and "number" in (left, right):
        raise InvalidInput("@ multiplies two matrices; use * for a number")
    return "matrix" if "matrix" in (left, right) else "number"


def _is_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    )


def _build(node: ast.AST, positions: dict[str, int], arguments: Sequence[Any]) -> Any:
    if isinstance(node, ast.Name):
        return arguments[positions[node.id]]
    if isinstance(node, ast.Attribute):
        return _build(node.value, positions, arguments).T
    if isinstance(node, ast.UnaryOp):
        operand = _build(node.operand, positions, arguments)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left = _build(node.left, positions, arguments)
        right = _build(node.right, positions, arguments)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Div):
            if right == 0:
                raise InvalidInput("a formula divides by zero")
            return left * (1 / right)
        if isinstance(node.op, ast.Pow):
            return left**right
        return left * right
    try:
        return sympy.Rational(Fraction(node.literal))
    except (AttributeError, TypeError, ValueError):  # such as 0x10 or 1_000
        return sympy.Rational(Fraction(str(node.value)))
