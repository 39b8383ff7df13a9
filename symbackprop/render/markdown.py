"""The derivation as Markdown with ``$...$`` math, for notebooks and GitHub.

The same lines, reasons and marks as the LaTeX document
(:mod:`symbackprop.render.latex`), laid out as tables.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from ..network import check_widths
from ..proof import StepResult
from .escape import escape_markdown
from .latex import shape_name
from .steps import (
    COMPUTABILITY,
    DEFINITIONS,
    ERROR_DERIVATION,
    GRADIENT_DERIVATION,
    INDUCTION,
    DerivationLine,
    Mark,
    coverage,
    mark,
    summary,
)
from .worked import numeric_example, symbolic_example, too_large

_SYMBOL = {"checked": "✓", "failed": "✗ **FAILED**", "missing": "? **NOT CHECKED**"}


def mark_markdown(line_mark: Mark) -> str:
    """A mark as a table cell.

    Example:
        >>> mark_markdown(Mark("checked", "exact (1 shape)"))
        '✓ exact (1 shape)'
        >>> mark_markdown(Mark("failed", "FAILED (s5: a|b)"))
        '✗ **FAILED** (s5: a\\\\|b)'
    """
    # "FAILED (...)" and "NOT CHECKED (...)": the symbol already says the first part
    text = line_mark.text
    detail = text if line_mark.ok or "(" not in text else text[text.index("(") :]
    return f"{_SYMBOL[line_mark.status]} {escape_markdown(detail)}"


def lines_markdown(
    lines: Sequence[DerivationLine], results: Sequence[StepResult]
) -> str:
    """A table: each line of a derivation, its reason and its mark.

    Example:
        >>> print(lines_markdown(INDUCTION, []).splitlines()[0])
        | | step | reason | machine-checked |
    """
    rows = ["| | step | reason | machine-checked |", "|---|---|---|---|"]
    for number, line in enumerate(lines, start=1):
        lhs = line.lhs if line.lhs else r"\phantom{E_n}"
        rows.append(
            f"| {number} | ${lhs} = {line.rhs}$ | {line.reason} | "
            f"{mark_markdown(mark(results, line.steps))} |"
        )
    return "\n".join(rows)


def steps_markdown(results: Sequence[StepResult]) -> str:
    """A table: each proof step once, with its level and every shape it checked.

    Example:
        >>> print(steps_markdown([]).splitlines()[0])
        | proof step | § | levels | shapes |
    """
    rows = ["| proof step | § | levels | shapes |", "|---|---|---|---|"]
    for result in results:
        status = "" if result.ok else "✗ **FAILED** "
        rows.append(
            f"| `{result.name}` | {escape_markdown(result.section)} | "
            f"{status}{escape_markdown(result.level.replace('+', ', '))} | "
            f"{escape_markdown(', '.join(result.shapes))} |"
        )
    return "\n".join(rows)


def derivation_markdown(
    widths: Sequence[int],
    results: Sequence[StepResult],
    example_seed: int | None = None,
    title: str | None = None,
) -> str:
    """The derivation for one network as Markdown.

    Args:
        widths: ``d_1 ... d_L``, input first.
        results: the proof-step results that the marks report.
        example_seed: add a numeric hand calculation drawn with this seed.
        title: the heading (escaped); a default names the network.

    Example:
        >>> print(derivation_markdown([2, 2], []).splitlines()[0])
        # Backpropagation for a 2-2 network
    """
    widths = check_widths(widths)
    name = shape_name(widths)
    heading = title if title is not None else f"Backpropagation for a {name} network"
    overall = summary(results)
    flow = " → ".join(
        f"$a_{{{n}}} \\in \\mathbb{{R}}^{{{d}}}$" for n, d in enumerate(widths, 1)
    )
    parts = [
        f"# {escape_markdown(heading)}",
        "Every step below was checked by machine when this page was generated."
        if overall.ok
        else f"**Warning:** not every step holds or was checked: "
        f"{escape_markdown(overall.text)}",
        "## The network",
        f"Forward, by $a_{{n+1}} = w_n a_n$: {flow}. Backward, from "
        f"$E_{{{len(widths)}}} = a_{{{len(widths)}}} - y$ through "
        "$E_n = w_n^{T} E_{n+1}$.",
        "## Notation and assumptions (§2 to §4)",
        lines_markdown(DEFINITIONS, results),
        "## The error of each layer (§5)",
        lines_markdown(ERROR_DERIVATION, results),
        lines_markdown(INDUCTION, results),
        "## The gradient of each weight matrix (§5)",
        lines_markdown(GRADIENT_DERIVATION, results),
        lines_markdown(COMPUTABILITY, results),
        "## What each proof step checked",
        steps_markdown(results),
        _worked(widths, results),
    ]
    if example_seed is not None:
        parts.append(_numeric(widths, example_seed))
    return "\n\n".join(parts) + "\n"


def _display(*equations: str) -> str:
    return "$$" + r",\qquad ".join(equations) + "$$"


def _worked(widths: tuple[int, ...], results: Sequence[StepResult]) -> str:
    name = shape_name(widths)
    parts = [f"## Worked example: the {name} network"]
    reason = too_large(widths)
    if reason is not None:
        parts.append(
            f"Too large to print ({escape_markdown(reason)}). "
            f"{escape_markdown(coverage(results, len(widths)))} Run "
            f"`symbackprop verify {name.replace('-', ' ')}` to check every entry."
        )
        return "\n\n".join(parts)
    example = symbolic_example(widths)
    parts.append("With $r_k = (a_L)_k - y_k$, so that $E_L = r$:")
    parts.append(
        _display(
            *(f"w_{{{n}}} = {sympy.latex(w)}" for n, w in enumerate(example.weights, 1))
        )
    )
    parts.append(
        _display(
            *(
                f"E_{{{n}}} = {sympy.latex(example.errors[n])}"
                for n in sorted(example.errors, reverse=True)
            )
        )
    )
    for n in range(1, example.layers):
        verdict = "✓ equal" if example.agree[n] else "✗ **different**"
        parts.append(
            _display(
                rf"\frac{{\partial C}}{{\partial w_{{{n}}}}} = "
                + sympy.latex(example.direct[n].applyfunc(sympy.expand))
            )
            + "\n\n(direct route)"
        )
        parts.append(
            _display(
                f"E_{{{n + 1}}} a_{{{n}}}^{{T}} = {sympy.latex(example.formula[n])}"
            )
            + f"\n\n(formula) {verdict}"
        )
    return "\n\n".join(parts)


def _numeric(widths: tuple[int, ...], seed: int) -> str:
    parts = ["## A hand calculation"]
    reason = too_large(widths, numeric=True)
    if reason is not None:
        parts.append(f"Too large for a hand calculation ({escape_markdown(reason)}).")
        return "\n\n".join(parts)
    example = numeric_example(widths, seed)
    layers = example.layers
    parts.append(f"Small integers drawn with seed {int(seed)}.")
    parts.append(
        _display(
            f"a_1 = {sympy.latex(example.activations[0])}",
            *(
                f"w_{{{n}}} = {sympy.latex(w)}"
                for n, w in enumerate(example.weights, 1)
            ),
            f"y = {sympy.latex(example.target)}",
        )
    )
    for n in range(1, layers):
        parts.append(
            _display(
                f"a_{{{n + 1}}} = w_{{{n}}} a_{{{n}}} = "
                f"{sympy.latex(example.weights[n - 1])}"
                f"{sympy.latex(example.activations[n - 1])} = "
                f"{sympy.latex(example.activations[n])}"
            )
        )
    parts.append(
        _display(
            f"E_{{{layers}}} = a_{{{layers}}} - y = "
            f"{sympy.latex(example.errors[layers])}",
            *(
                f"E_{{{n}}} = w_{{{n}}}^{{T}} E_{{{n + 1}}} = "
                f"{sympy.latex(example.errors[n])}"
                for n in range(layers - 1, 1, -1)
            ),
        )
    )
    for n in range(1, layers):
        verdict = "✓ same" if example.agree[n] else "✗ **different**"
        parts.append(
            _display(
                rf"\frac{{\partial C}}{{\partial w_{{{n}}}}} = E_{{{n + 1}}} "
                f"a_{{{n}}}^{{T}} = {sympy.latex(example.formula[n])}"
            )
            + f"\n\ndirect route: ${sympy.latex(example.direct[n])}$ {verdict}"
        )
    return "\n\n".join(parts)
