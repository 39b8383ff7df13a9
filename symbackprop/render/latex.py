"""The derivation as a standalone LaTeX document, and LaTeX for Jupyter.

:func:`derivation_document` writes the paper's derivation (§4.1 to §5)
for one network: a picture, the notation with this network's shapes, the
error recursion and the weight gradient line by line with the reason for
each step and a mark saying how the step was machine-checked, and a
worked example. The document is UTF-8 with T1 fonts (Latin Modern when
installed), and needs only ``amsmath``, ``amssymb``, ``tikz``, ``xcolor``,
``geometry`` and ``booktabs``, all in Debian's ``texlive-latex-base``,
``-recommended`` and ``-pictures``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import sympy

from ..network import check_widths
from ..proof import StepResult
from .escape import escape_latex
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
    steps_of,
    summary,
)
from .tikz import network_picture
from .worked import numeric_example, symbolic_example, too_large

if TYPE_CHECKING:
    from ..network import Network
    from ..report import Report

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\IfFileExists{lmodern.sty}{\usepackage{lmodern}}{}
\usepackage[a4paper, margin=2cm]{geometry}
\usepackage{amsmath, amssymb}
\usepackage{booktabs}
\usepackage{xcolor}
\usepackage{tikz}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
\allowdisplaybreaks
% \fit{...}: a displayed formula, shrunk to the line width if wider
\newsavebox{\fitbox}
\newcommand{\fit}[1]{\begin{center}\sbox{\fitbox}{$\displaystyle #1$}%
\ifdim\wd\fitbox>\linewidth\resizebox{\linewidth}{!}{\usebox{\fitbox}}%
\else\usebox{\fitbox}\fi\end{center}}
"""


def shape_name(widths: Sequence[int]) -> str:
    """Widths joined by dashes, as the documents name a network.

    Example:
        >>> shape_name([2, 3, 2])
        '2-3-2'
    """
    return "-".join(str(width) for width in widths)


def mark_latex(line_mark: Mark) -> str:
    r"""The mark at the end of a derivation line, in math mode.

    Example:
        >>> mark_latex(Mark("failed", "FAILED (x)"))
        '\\textcolor{red!80!black}{\\boldsymbol{\\times}\\ \\text{\\textbf{failed}}}'
    """
    if line_mark.status == "checked":
        return r"\textcolor{green!50!black}{\checkmark}"
    if line_mark.status == "failed":
        return r"\textcolor{red!80!black}{\boldsymbol{\times}\ \text{\textbf{failed}}}"
    return r"\textcolor{orange!80!black}{\text{\textbf{?\ unchecked}}}"


def derivation_lines(
    lines: Sequence[DerivationLine], results: Sequence[StepResult], prefix: str
) -> str:
    r"""An ``align`` block: each line tagged, with its reason and its mark,
    then a table of what checked each tagged line.

    Example:
        >>> block = derivation_lines(INDUCTION, [], "I")
        >>> r"\tag{I1}" in block and "unchecked" in block
        True
    """
    rows, checks = [], []
    for number, line in enumerate(lines, start=1):
        tag = f"{prefix}{number}"
        line_mark = mark(results, line.steps)
        reason = line.reason.replace("§", r"\S{}")
        rows.append(
            rf"{line.lhs} &= {line.rhs} &\qquad& \text{{{reason}}}"
            rf" &\quad& {mark_latex(line_mark)} \tag{{{tag}}}"
        )
        steps = ", ".join(rf"\texttt{{{escape_latex(step)}}}" for step in line.steps)
        checks.append(rf"({tag}) & {steps} & {escape_latex(line_mark.text)} \\")

    # the shapes once per step, not once per line
    by_name = {result.name: result for result in results}
    shapes = [
        rf"shapes & \texttt{{{escape_latex(step)}}} & "
        rf"{escape_latex(', '.join(by_name[step].shapes))} \\"
        for step in steps_of(lines)
        if step in by_name
    ]
    if shapes:
        checks += [r"\midrule", *shapes]
    return "\n".join(
        [
            r"\begin{alignat}{3}",
            " \\\\\n".join(rows),
            r"\end{alignat}",
            r"{\small\begin{tabular}{@{}l p{4.6cm} p{9.4cm}@{}}",
            r"\toprule line & checked by & result \\ \midrule",
            *checks,
            r"\bottomrule\end{tabular}}",
        ]
    )


def derivation_document(
    widths: Sequence[int],
    results: Sequence[StepResult],
    example_seed: int | None = None,
    title: str | None = None,
) -> str:
    r"""The whole derivation for one network as a LaTeX document.

    Args:
        widths: ``d_1 ... d_L``, input first.
        results: the proof-step results that the marks report.
        example_seed: also include a numeric hand calculation with small
            integers drawn with this seed; ``None`` leaves it out.
        title: the document's title (escaped); a default names the network.

    Returns:
        LaTeX source that compiles with ``pdflatex``.

    Example:
        >>> source = derivation_document([2, 2], [])
        >>> source.startswith(r"\documentclass") and source.endswith("\n")
        True
    """
    widths = check_widths(widths)
    name = shape_name(widths)
    heading = title if title is not None else f"Backpropagation for a {name} network"
    overall = summary(results)

    body = [
        PREAMBLE,
        rf"\title{{{escape_latex(heading)}}}",
        r"\author{Generated by symbackprop}",
        r"\date{}",
        r"\begin{document}",
        r"\maketitle",
        _verdict(overall),
        _network_section(widths),
        _notation_section(widths, results),
        r"\section{The error of each layer}",
        "Start from the definition of $E_n$ and apply the chain rule once. "
        "Every gradient here has the shape of the quantity it differentiates "
        "by, so the transposes the paper adds to make the dimensions match "
        "appear where they come from.",
        derivation_lines(ERROR_DERIVATION, results, "E"),
        "Since $E_L$ is computable, the recursion gives every error from the "
        "last layer backwards:",
        derivation_lines(INDUCTION, results, "I"),
        r"\section{The gradient of each weight matrix}",
        "One entry of $w_n$ only changes $a_{n+1}$, so the chain rule runs "
        "through $a_{n+1}$ alone.",
        derivation_lines(GRADIENT_DERIVATION, results, "G"),
        "Every quantity on the right is computable, which is what the paper "
        "set out to show:",
        derivation_lines(COMPUTABILITY, results, "K"),
        _worked_section(widths, results),
    ]
    if example_seed is not None:
        body.append(_numeric_section(widths, example_seed))
    body.append(r"\end{document}")
    return "\n\n".join(body) + "\n"


def _verdict(overall: Mark) -> str:
    if overall.ok:
        text = (
            "Every step below was checked by machine when this document was "
            "generated; the mark after each line says how."
        )
    else:
        text = (
            r"\textbf{Warning:} not every step below holds or was checked: "
            f"{escape_latex(overall.text)}. Look for the red and orange marks."
        )
    return rf"\fbox{{\parbox{{\dimexpr\linewidth-2\fboxsep\relax}}{{{text}}}}}"


def _network_section(widths: tuple[int, ...]) -> str:
    layers = len(widths)
    return "\n".join(
        [
            r"\section{The network}",
            f"A linear network with $L = {layers}$ layers of widths "
            f"{', '.join(f'$d_{{{n}}} = {d}$' for n, d in enumerate(widths, 1))}: "
            "no biases and no activation functions. The forward pass (above, "
            "blue) multiplies by $w_n$; the backward pass (below, red) carries "
            r"the errors $E_n$ back through $w_n^{T}$.",
            r"\begin{center}",
            network_picture(widths),
            r"\end{center}",
        ]
    )


def _notation_section(widths: tuple[int, ...], results: Sequence[StepResult]) -> str:
    layers = len(widths)
    rows = [
        rf"$L$ & number of layers, input and output included & ${layers}$ \\",
        r"$a_n$ & output of layer $n$; $a_1$ is the input & "
        r"$d_n \times 1$ \\",
        r"$w_n$ & weights from layer $n$ to layer $n+1$ & "
        r"$d_{n+1} \times d_n$ \\",
        rf"$y$ & the target output & ${widths[-1]} \times 1$ \\",
        r"$C$ & the cost, a number & $1 \times 1$ \\",
        r"$E_n$ & the error of layer $n$ & $d_n \times 1$, like $a_n$ \\",
        r"$\partial C / \partial w_n$ & the gradient & "
        r"$d_{n+1} \times d_n$, like $w_n$ \\",
    ]
    return "\n".join(
        [
            r"\section{Notation}",
            r"\begin{tabular}{@{}l l l@{}}",
            r"\toprule symbol & meaning & shape \\ \midrule",
            *rows,
            r"\bottomrule\end{tabular}",
            "",
            r"The paper assumes the following (\S\S 2--4):",
            derivation_lines(DEFINITIONS, results, "D"),
        ]
    )


def _matrix(matrix: sympy.MatrixBase) -> str:
    return sympy.latex(matrix)


def _fit(*equations: str) -> str:
    r"""Equations on one centred line, shrunk to fit (the ``\fit`` macro)."""
    separator = r",\qquad "
    return rf"\fit{{{separator.join(equations)}}}"


def _agreement(ok: bool, same: str, different: str) -> str:
    if ok:
        return rf"\textcolor{{green!50!black}}{{\checkmark\ \text{{{same}}}}}"
    return (
        rf"\textcolor{{red!80!black}}{{\boldsymbol{{\times}}\ "
        rf"\text{{\textbf{{{different}}}}}}}"
    )


def _worked_section(widths: tuple[int, ...], results: Sequence[StepResult]) -> str:
    name = shape_name(widths)
    lines = [rf"\section{{Worked example: the {name} network}}"]
    reason = too_large(widths)
    if reason is not None:
        command = name.replace("-", " ")
        lines.append(
            f"The matrices of this network are too large to print "
            f"({escape_latex(reason)}), so they are left out. "
            f"{escape_latex(coverage(results, len(widths)))} To check every entry "
            rf"of this network, run \texttt{{symbackprop verify {command}}}."
        )
        return "\n".join(lines)

    example = symbolic_example(widths)
    lines.append(
        "Every entry below is a symbol of this network: $(w_n)_{i,j}$, the input "
        r"$(a_1)_i$ and the target $y_k$. To keep the entries short, "
        r"$r_k = (a_L)_k - y_k$, so that $E_L = r$."
    )
    lines.append(
        _fit(*(rf"w_{{{n}}} = {_matrix(w)}" for n, w in enumerate(example.weights, 1)))
    )
    lines.append(
        _fit(
            *(
                rf"a_{{{n}}} = {_matrix(a)}"
                for n, a in enumerate(example.activations[:-1], 1)
            ),
            rf"y = {_matrix(example.target)}",
        )
    )
    lines.append(
        _fit(
            *(
                rf"E_{{{n}}} = {_matrix(example.errors[n])}"
                for n in sorted(example.errors, reverse=True)
            )
        )
    )
    lines.append(
        "The gradient by both routes: directly, by differentiating the composed "
        r"cost by every weight and expanding, and by the formula $E_{n+1} a_n^{T}$."
    )
    for n in range(1, example.layers):
        lines.append(
            _fit(
                rf"\text{{direct: }} \frac{{\partial C}}{{\partial w_{{{n}}}}} = "
                + _matrix(example.direct[n].applyfunc(sympy.expand))
            )
        )
        lines.append(
            _fit(
                rf"\text{{formula: }} E_{{{n + 1}}} a_{{{n}}}^{{T}} = "
                rf"{_matrix(example.formula[n])}\quad "
                + _agreement(example.agree[n], "equal", "different")
            )
        )
    lines.append(
        "The two routes agree: the difference of every pair of entries "
        "expands to the zero polynomial (checked when this document was made)."
        if all(example.agree.values())
        else r"\textbf{The two routes differ} where marked above."
    )
    return "\n".join(lines)


def _numeric_section(widths: tuple[int, ...], seed: int) -> str:
    lines = [r"\section{A hand calculation}"]
    reason = too_large(widths, numeric=True)
    if reason is not None:
        lines.append(
            f"This network is too large for a hand calculation "
            f"({escape_latex(reason)})."
        )
        return "\n".join(lines)
    example = numeric_example(widths, seed)
    layers = example.layers
    lines.append(
        f"Small integers drawn with seed {int(seed)}: the input, the weights "
        "and the target. Every number below is exact."
    )
    lines.append(
        _fit(
            rf"a_1 = {_matrix(example.activations[0])}",
            *(rf"w_{{{n}}} = {_matrix(w)}" for n, w in enumerate(example.weights, 1)),
            rf"y = {_matrix(example.target)}",
        )
    )

    lines.append(r"Forward pass, $a_{n+1} = w_n a_n$ (\S 4.1):")
    for n in range(1, layers):
        lines.append(
            _fit(
                rf"a_{{{n + 1}}} = {_matrix(example.weights[n - 1])}"
                rf"{_matrix(example.activations[n - 1])}"
                rf" = {_matrix(example.activations[n])}"
            )
        )
    lines.append(rf"so the cost is $C = {sympy.latex(example.cost)}$.")

    lines.append(r"Backward pass, $E_L = a_L - y$ and $E_n = w_n^{T} E_{n+1}$ (\S 5):")
    lines.append(
        _fit(
            rf"E_{{{layers}}} = {_matrix(example.activations[-1])} - "
            rf"{_matrix(example.target)} = {_matrix(example.errors[layers])}"
        )
    )
    for n in range(layers - 1, 1, -1):
        lines.append(
            _fit(
                rf"E_{{{n}}} = {_matrix(example.weights[n - 1].T)}"
                rf"{_matrix(example.errors[n + 1])} = {_matrix(example.errors[n])}"
            )
        )

    lines.append(
        r"Gradients, $\partial C/\partial w_n = E_{n+1} a_n^{T}$, next to the "
        "direct derivative of the composed cost at the same numbers:"
    )
    for n in range(1, layers):
        lines.append(
            _fit(
                rf"\frac{{\partial C}}{{\partial w_{{{n}}}}} = "
                rf"{_matrix(example.errors[n + 1])}"
                rf"{_matrix(example.activations[n - 1].T)} = "
                rf"{_matrix(example.formula[n])}",
                rf"\text{{direct: }} {_matrix(example.direct[n])}\ "
                + _agreement(example.agree[n], "same", "different"),
            )
        )
    return "\n".join(lines)


def step_latex(step: StepResult) -> str:
    r"""A proof step's claim as SymPy prints math for Jupyter.

    Example:
        >>> step = StepResult("s3_update_rule", "3", "c", "x = 1", True,
        ...                   "exact", ("2-2",), 0.1)
        >>> step_latex(step)
        '$\\displaystyle x = 1 \\quad \\checkmark\\ \\text{exact (1 shape)}$'
    """
    line_mark = mark([step], [step.name])
    symbol = r"\checkmark" if line_mark.ok else r"\times"
    return (
        rf"$\displaystyle {step.latex} \quad {symbol}\ "
        rf"\text{{{escape_latex(line_mark.text)}}}$"
    )


def network_latex(network: Network) -> str:
    r"""The layers and the maps between them, for Jupyter.

    Example:
        >>> from symbackprop import Network
        >>> network_latex(Network([2, 3]))
        '$\\displaystyle \\mathbb{R}^{2} \\xrightarrow{w_{1}} \\mathbb{R}^{3}$'
    """
    columns = "" if network.batch is None else rf"\times {network.batch}"
    parts = [rf"\mathbb{{R}}^{{{network.widths[0]}{columns}}}"]
    for n, width in enumerate(network.widths[1:], start=1):
        parts.append(rf"\xrightarrow{{w_{{{n}}}}} \mathbb{{R}}^{{{width}{columns}}}")
    return rf"$\displaystyle {' '.join(parts)}$"


def report_latex(report: Report) -> str:
    r"""The formula a report checked and its verdict, for Jupyter.

    Example:
        >>> from symbackprop import verify
        >>> text = report_latex(verify([2, 2]))
        >>> text.startswith(r"$\displaystyle"), r"\text{verified, 2-2}" in text
        (True, True)
    """
    shape = "symbolic widths" if report.shape is None else shape_name(report.shape)

    if report.ok:
        verdict = rf"\checkmark\ \text{{verified, {escape_latex(shape)}}}"
    else:
        failed = ", ".join(f"w_{layer.n}" for layer in report.layers if not layer.ok)
        verdict = rf"\times\ \text{{mismatch in {escape_latex(failed)}}}"
    return (
        r"$\displaystyle \frac{\partial C}{\partial w_n} = E_{n+1} a_n^{T}"
        rf" \quad {verdict}$"
    )
