"""The derivation as terminal text, at most 80 columns wide.

The same lines and marks as the documents; the worked example's matrices
are drawn by SymPy's Unicode pretty printer.
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

COLUMNS = 80
_SYMBOL = {"checked": "✓", "failed": "✗", "missing": "?"}


def _pretty(expression: object) -> str:
    return sympy.pretty(expression, use_unicode=True, num_columns=COLUMNS)


def _lines(lines: Sequence[DerivationLine], results: Sequence[StepResult]) -> str:
    out = []
    for line in lines:
        line_mark = mark(results, line.steps)
        out.append(f"  {line.text}")
        reason = line.reason.replace("$", "")
        detail = f"{_SYMBOL[line_mark.status]} {line_mark.text}"
        out += textwrap.wrap(
            f"({reason}) {detail}",
            width=COLUMNS,
            initial_indent="        ",
            subsequent_indent="          ",
        )
    return "\n".join(out)


def explanation(widths: Sequence[int], results: Sequence[StepResult]) -> str:
    """The derivation for one network, step by step, as terminal text.

    Args:
        widths: ``d_1 ... d_L``, input first.
        results: the proof-step results that the marks report.

    Example:
        >>> text = explanation([2, 2], [])
        >>> text.splitlines()[0]
        'Backpropagation for a 2-2 network (linear layers, no bias)'
        >>> max(len(line) for line in text.splitlines()) <= 80
        True
    """
    widths = check_widths(widths)
    name = shape_name(widths)
    overall = summary(results)
    flow = " → ".join(f"a_{n} ({d})" for n, d in enumerate(widths, 1))
    verdict = (
        "every step was machine-checked just now"
        if overall.ok
        else f"WARNING: {overall.text}"
    )
    parts = [
        f"Backpropagation for a {name} network (linear layers, no bias)",
        textwrap.fill(verdict, COLUMNS),
        "",
        textwrap.fill(f"forward:  {flow}", COLUMNS, subsequent_indent="          "),
        "backward: E_L = a_L − y, then E_n = w_nᵀ E_{n+1} down to E_2",
        "",
        "Notation and assumptions (paper §2–§4)",
        _lines(DEFINITIONS, results),
        "",
        "The error of each layer (§5)",
        _lines(ERROR_DERIVATION + INDUCTION, results),
        "",
        "The gradient of each weight matrix (§5)",
        _lines(GRADIENT_DERIVATION + COMPUTABILITY, results),
        "",
        _worked(widths),
    ]
    return "\n".join(parts)


def _worked(widths: tuple[int, ...]) -> str:
    name = shape_name(widths)
    reason = too_large(widths)
    if reason is not None:
        return textwrap.fill(
            f"Worked example: too large to print ({reason}); run "
            f"'symbackprop verify {name.replace('-', ' ')}' to check every entry.",
            COLUMNS,
        )
    example = symbolic_example(widths)
    parts = [f"Worked example: the {name} network, with r_k = (a_L)_k − y_k"]
    for n, weight in enumerate(example.weights, 1):
        parts += [f"w_{n} =", _pretty(weight)]
    for n in sorted(example.errors, reverse=True):
        parts += [f"E_{n} =", _pretty(example.errors[n])]
    for n in range(1, example.layers):
        verdict = "equal ✓" if example.agree[n] else "DIFFERENT ✗"
        parts += [
            f"∂C/∂w_{n}, direct route (differentiate C, expand):",
            _pretty(example.direct[n].applyfunc(sympy.expand)),
            f"∂C/∂w_{n} = E_{n + 1} a_{n}ᵀ, the formula:  {verdict}",
            _pretty(example.formula[n]),
        ]
    return "\n".join(parts)
