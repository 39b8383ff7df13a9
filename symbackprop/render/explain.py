"""The derivation as terminal text, at most 80 columns wide.

The same lines and marks as the documents; the worked example's matrices
are drawn by SymPy's Unicode pretty printer, which breaks long
expressions at the same width (a matrix row too wide for it stays whole).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import sympy

from ..network import check_widths
from ..proof import StepResult
from .latex import shape_name
from .steps import (
    COMPUTABILITY,
    DEFINITIONS,
    ERROR_DERIVATION,
    GRADIENT_DERIVATION,
    INDUCTION,
    DerivationLine,
    mark,
    summary,
)
from .worked import symbolic_example, too_large

#: the widest text, and the width when none is given
COLUMNS = 80
#: narrower than this, the indented lines would have no room left
MINIMUM_COLUMNS = 30
_SYMBOL = {"checked": "✓", "failed": "✗", "missing": "?"}


def _pretty(expression: object, columns: int) -> str:
    return sympy.pretty(expression, use_unicode=True, num_columns=columns)


def _lines(
    lines: Sequence[DerivationLine], results: Sequence[StepResult], columns: int
) -> str:
    out = []
    for line in lines:
        line_mark = mark(results, line.steps)
        out += textwrap.wrap(
            line.text, width=columns, initial_indent="  ", subsequent_indent="      "
        )
        reason = line.reason.replace("$", "")
        out += textwrap.wrap(
            f"{reason}: {_SYMBOL[line_mark.status]} {line_mark.text}",
            width=columns,
            initial_indent="        ",
            subsequent_indent="          ",
        )
    return "\n".join(out)


def _steps(results: Sequence[StepResult], columns: int) -> str:
    out = [
        textwrap.fill("Shapes each proof step checked (n_k: symbolic widths)", columns)
    ]
    for result in results:
        status = "" if result.ok else "✗ FAILED; "
        out += textwrap.wrap(
            f"{result.name} (§{result.section}): {status}{', '.join(result.shapes)}",
            width=columns,
            initial_indent="  ",
            subsequent_indent="      ",
        )
    return "\n".join(out)


def explanation(
    widths: Sequence[int], results: Sequence[StepResult], columns: int = COLUMNS
) -> str:
    """The derivation for one network, step by step, as terminal text.

    Args:
        widths: ``d_1 ... d_L``, input first.
        results: the proof-step results that the marks report.
        columns: the terminal's width; text is wrapped to it, at most
            :data:`COLUMNS` and at least :data:`MINIMUM_COLUMNS`.

    Example:
        >>> text = explanation([2, 2], [])
        >>> text.splitlines()[0]
        'Backpropagation for a 2-2 network (linear layers, no bias)'
        >>> max(len(line) for line in text.splitlines()) <= 80
        True
    """
    widths = check_widths(widths)
    columns = max(MINIMUM_COLUMNS, min(COLUMNS, columns))
    name = shape_name(widths)
    overall = summary(results)
    flow = " → ".join(f"a_{n} ({d})" for n, d in enumerate(widths, 1))
    verdict = (
        "every step was machine-checked just now"
        if overall.ok
        else f"WARNING: {overall.text}"
    )
    parts = [
        textwrap.fill(
            f"Backpropagation for a {name} network (linear layers, no bias)", columns
        ),
        textwrap.fill(verdict, columns),
        "",
        textwrap.fill(f"forward:  {flow}", columns, subsequent_indent="          "),
        textwrap.fill(
            "backward: E_L = a_L − y, then E_n = w_nᵀ E_{n+1} down to E_2",
            columns,
            subsequent_indent="          ",
        ),
        "",
        textwrap.fill("Notation and assumptions (paper §2–§4)", columns),
        _lines(DEFINITIONS, results, columns),
        "",
        textwrap.fill("The error of each layer (§5)", columns),
        _lines(ERROR_DERIVATION + INDUCTION, results, columns),
        "",
        textwrap.fill("The gradient of each weight matrix (§5)", columns),
        _lines(GRADIENT_DERIVATION + COMPUTABILITY, results, columns),
        "",
        _steps(results, columns),
        "",
        _worked(widths, columns),
    ]
    return "\n".join(parts)


def _worked(widths: tuple[int, ...], columns: int) -> str:
    name = shape_name(widths)
    reason = too_large(widths)
    if reason is not None:
        return textwrap.fill(
            f"Worked example: too large to print ({reason}); run "
            f"'symbackprop verify {name.replace('-', ' ')}' to check every entry.",
            columns,
        )
    example = symbolic_example(widths)
    parts = [
        textwrap.fill(
            f"Worked example: the {name} network, with r_k = (a_L)_k − y_k", columns
        )
    ]
    for n, weight in enumerate(example.weights, 1):
        parts += [f"w_{n} =", _pretty(weight, columns)]
    for n in sorted(example.errors, reverse=True):
        parts += [f"E_{n} =", _pretty(example.errors[n], columns)]
    for n in range(1, example.layers):
        verdict = "equal ✓" if example.agree[n] else "DIFFERENT ✗"
        parts += [
            textwrap.fill(
                f"∂C/∂w_{n}, direct route (differentiate C, expand):", columns
            ),
            _pretty(example.direct[n].applyfunc(sympy.expand), columns),
            textwrap.fill(
                f"∂C/∂w_{n} = E_{n + 1} a_{n}ᵀ, the formula: {verdict}", columns
            ),
            _pretty(example.formula[n], columns),
        ]
    return "\n".join(parts)
