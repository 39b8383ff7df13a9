"""Formulas typed as text, read without ``eval``.

The CLI accepts a candidate formula such as ``"a * E.T"`` for
``∂C/∂w_n``. Text from a user is never handed to ``eval`` or to SymPy's
``sympify`` (which evaluates Python): it is parsed with :mod:`ast` and
only a handful of node kinds are accepted: the formula's own variable
names, ``.T``, ``*``, ``@``, ``+``, ``-``, rational constants and
parentheses. Anything else is refused with a message naming it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import sympy

from .errors import InvalidInput

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
    except SyntaxError:
        raise InvalidInput(f"cannot parse formula {text!r}") from None
    positions = {name: index for index, names in enumerate(variables) for name in names}
    allowed = ", ".join(names[0] for names in variables)
    _check(tree.body, positions, allowed, text)

    def formula(*arguments: Any) -> Any:
        return _build(tree.body, positions, arguments)

    formula.__name__ = text.strip()
    return formula


def _check(node: ast.AST, positions: dict[str, int], allowed: str, text: str) -> None:
    if isinstance(node, ast.Name):
        if node.id not in positions:
            raise InvalidInput(
                f"unknown name {node.id!r} in formula {text!r}; use {allowed}"
            )
    elif isinstance(node, ast.Attribute):
        if node.attr != "T":
            raise InvalidInput(
                f"only the transpose .T is allowed in a formula, not .{node.attr}"
            )
        _check(node.value, positions, allowed, text)
    elif isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Div):
            if not _is_number(node.right):
                raise InvalidInput("a formula may divide by a number only")
        elif not isinstance(node.op, (ast.Mult, ast.MatMult, ast.Add, ast.Sub)):
            raise InvalidInput(
                f"operator {type(node.op).__name__} is not allowed in a formula"
            )
        _check(node.left, positions, allowed, text)
        _check(node.right, positions, allowed, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _check(node.operand, positions, allowed, text)
    elif not _is_number(node):
        what = _WORDS.get(type(node).__name__, type(node).__name__)
        raise InvalidInput(
            f"{what} not allowed in a formula; use {allowed}, "
            ".T, *, @, +, - and numbers"
        )


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
            return left * (1 / right)
        return left * right
    return sympy.Rational(Fraction(str(node.value)))
