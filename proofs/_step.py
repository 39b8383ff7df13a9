"""What every step of the proof shares: its failure, and running it.

A step's ``check(shape, ...)`` raises :class:`ClaimFailed` with a
counterexample when its claim does not hold for that shape, and so does
its ``check_all_shapes(layers, ...)``, if it has one, for symbolic widths
(:mod:`proofs._symbolic`); its ``run`` calls :func:`run_step`, which runs
both levels and turns the first failure of each (or none) into a
:class:`~symbackprop.proof.StepResult`.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import sympy
from sympy.matrices.exceptions import ShapeError

from proofs._shapes import DEPTHS, symbolic_widths_text
from proofs._shapes import depths as default_depths
from proofs._shapes import shape_text as widths_text
from proofs._shapes import shapes as default_shapes
from symbackprop.errors import SymbackpropError
from symbackprop.formulas import Algebra, evaluate, shape_text
from symbackprop.proof import StepResult

#: longest expression quoted whole in a failure message
QUOTE_LIMIT = 160


class ClaimFailed(SymbackpropError, AssertionError):
    """A step's claim does not hold; the message is the counterexample.

    Args:
        message: what failed, where, and both sides.
        details: facts worth keeping in the step's result.
    """

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


def quote(expression: Any) -> str:
    """An expression as plain text, shortened if it is very long.

    Example:
        >>> import sympy
        >>> quote(sympy.Symbol("x") + 1)
        'x + 1'
    """
    text = sympy.sstr(expression)
    if len(text) > QUOTE_LIMIT:
        return f"{text[: QUOTE_LIMIT - 20]} … ({len(text)} characters)"
    return text


def require_equal(
    what: str,
    left: Any,
    right: Any,
    left_name: str,
    right_name: str,
    to_sympy: Callable[[Any], Any] = sympy.sympify,
) -> None:
    """Raise :class:`ClaimFailed` unless two matrices agree entry by entry.

    Both sides are NumPy arrays or SymPy matrices whose entries are in a
    canonical form (exact polynomials), so ``!=`` decides equality.

    Args:
        what: the matrix being compared, e.g. ``"E_2"``.
        left: one side.
        right: the other side.
        left_name: how the left side was obtained.
        right_name: how the right side was obtained.
        to_sympy: turns an entry into a SymPy expression for the message.

    Example:
        >>> import sympy
        >>> require_equal("v", sympy.Matrix([1, 2]), sympy.Matrix([1, 3]),
        ...               "direct", "formula")
        Traceback (most recent call last):
        ...
        proofs._step.ClaimFailed: entry (2,1) of v: direct gives 2, formula gives 3
    """
    left_shape, right_shape = tuple(left.shape), tuple(right.shape)
    if left_shape != right_shape:
        raise ClaimFailed(
            f"{what}: {left_name} is {shape_text(left_shape)} but {right_name} is "
            f"{shape_text(right_shape)}"
        )
    rows, cols = left_shape
    for i in range(rows):
        for j in range(cols):
            if left[i, j] != right[i, j]:
                left_value, right_value = to_sympy(left[i, j]), to_sympy(right[i, j])
                raise ClaimFailed(
                    f"entry ({i + 1},{j + 1}) of {what}: {left_name} gives "
                    f"{quote(left_value)}, {right_name} gives {quote(right_value)}",
                    entry=(i + 1, j + 1),
                    left=left_value,
                    right=right_value,
                )


def formula_value(
    formula: Callable[..., Any],
    arguments: Sequence[tuple[sympy.MatrixSymbol, Any]],
    expected_shape: tuple[int, int],
    what: str,
    algebra: Algebra,
) -> Any:
    """Apply a formula written on matrix symbols to concrete matrices.

    The formula is called on the ``MatrixSymbol``s, so a product of
    matrices whose shapes do not fit, or a result of the wrong shape, is a
    failure of the claim before any arithmetic; the expression is then
    evaluated in ``algebra``.

    Args:
        formula: a callable taking the matrix symbols in order.
        arguments: ``(symbol, value)`` pairs, in the formula's order.
        expected_shape: the shape the claim says the result has.
        what: the quantity, for messages.
        algebra: the arithmetic the values live in.

    Raises:
        ClaimFailed: the formula does not fit the shapes.

    Example:
        >>> import sympy
        >>> from symbackprop.formulas import SympyAlgebra
        >>> w = sympy.MatrixSymbol("w", 2, 2)
        >>> formula_value(lambda m: m.T, [(w, sympy.Matrix([[1, 2], [3, 4]]))],
        ...               (2, 2), "wᵀ", SympyAlgebra())
        Matrix([
        [1, 3],
        [2, 4]])
    """
    symbols = [symbol for symbol, _ in arguments]
    try:
        expression = formula(*symbols)
    except ShapeError:
        shapes = ", ".join(f"{s.name} is {shape_text(s.shape)}" for s in symbols)
        raise ClaimFailed(
            f"{what}: the formula multiplies matrices whose shapes do not fit "
            f"({shapes})",
            shape_error=True,
        ) from None
    if isinstance(expression, sympy.MatrixBase):
        expression = sympy.ImmutableMatrix(expression)
    if tuple(expression.shape) != tuple(expected_shape):
        raise ClaimFailed(
            f"{what}: the formula gives a {shape_text(expression.shape)} matrix, "
            f"but {what} is {shape_text(expected_shape)}",
            shape_error=True,
        )
    return evaluate(expression, dict(arguments), algebra)


def _over(
    check: Callable[..., None],
    shapes: Iterable[Any],
    text: Callable[[Any], str],
    prefix: str = "shape",
    **ingredients: Any,
) -> tuple[list[str], str | None, dict[str, Any]]:
    """``check`` on each shape up to the first failure: the shapes checked,
    and the failure's message and details (or ``None`` and ``{}``)."""
    checked: list[str] = []
    for shape in shapes:
        checked.append(text(shape))
        try:
            check(shape, **ingredients)
        except ClaimFailed as failure:
            message = f"{prefix} {checked[-1]}: {failure}"
            return (
                checked,
                message,
                {"counterexample_shape": checked[-1], **failure.details},
            )
    return checked, None, {}


def _result(module, level, checked, message, details, start) -> StepResult:
    return StepResult(
        name=Path(module.__file__).stem,
        section=module.SECTION,
        claim=module.CLAIM,
        latex=module.LATEX,
        ok=message is None,
        level=level,
        shapes=tuple(checked),
        seconds=time.perf_counter() - start,
        message=message,
        details=details,
    )


def _accepted(function: Callable[..., Any], ingredients: dict[str, Any]) -> dict:
    """The ingredients ``function`` takes as keyword arguments."""
    parameters = inspect.signature(function).parameters
    return {name: value for name, value in ingredients.items() if name in parameters}


def run_step(
    module: Any,
    quick: bool = False,
    shapes: Iterable[tuple[int, ...]] | None = None,
    depths: Iterable[int] | None = None,
    **ingredients: Any,
) -> StepResult:
    """A step's ``run``: both levels of evidence, with any ingredient replaced.

    A step that defines ``check_all_shapes(layers, ...)`` is first checked
    for symbolic widths at each number of layers in ``depths`` (by default
    :func:`~proofs._shapes.depths`, up to the step's ``DEEPEST`` if it has
    one); its level is then ``"exact+all-shapes"`` and its shapes start
    with the symbolic ones (``"n_1-n_2-n_3"``). Then ``check`` runs on each
    concrete shape (the default shapes, the quick subset, or ``shapes``).
    Each level stops at its first counterexample; the step holds only if
    both levels found none, and its message gives every failure found.

    Args:
        module: the step's module.
        quick: the quick subsets of shapes and depths.
        shapes: the concrete widths to check instead of the defaults.
        depths: the numbers of layers for symbolic widths instead of the
            defaults; empty to skip the all-shapes level.
        **ingredients: replacements for the claim's ingredients, each given
            to whichever of ``check`` and ``check_all_shapes`` takes it
            (an ingredient only the exact level can evaluate, such as an
            explicit Jacobian, is checked there only).

    Raises:
        TypeError: an ingredient that neither check takes.
    """
    start = time.perf_counter()
    shapes = default_shapes(quick) if shapes is None else shapes
    check_all = getattr(module, "check_all_shapes", None)
    unknown = set(ingredients) - set(_accepted(module.check, ingredients))
    if check_all is not None:
        unknown -= set(_accepted(check_all, ingredients))
    if unknown:
        raise TypeError(f"{module.__name__} takes no ingredient {sorted(unknown)}")

    checked, messages, details, level = [], [], {}, "exact"
    if check_all is not None:
        if depths is None:
            depths = default_depths(quick, getattr(module, "DEEPEST", DEPTHS[-1]))
        depths = tuple(depths)
        if depths:
            level = "exact+all-shapes"
            found, message, facts = _over(
                check_all,
                depths,
                symbolic_widths_text,
                "all shapes",
                **_accepted(check_all, ingredients),
            )
            checked += found
            if message is not None:
                messages.append(message)
                details.update({f"all-shapes {key}": v for key, v in facts.items()})

    found, message, facts = _over(
        module.check, shapes, widths_text, **_accepted(module.check, ingredients)
    )
    checked += found
    if message is not None:
        messages.append(message)
        details.update(facts)
    return _result(module, level, checked, "; ".join(messages) or None, details, start)
