"""The derivation documents: golden LaTeX, marks that follow the proof
steps, escaping, compilation with pdflatex and a page that is not blank."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sympy

from symbackprop.render.escape import escape_latex
from symbackprop.render.explain import explanation
from symbackprop.render.latex import derivation_document
from symbackprop.render.markdown import derivation_markdown
from symbackprop.render.pdf import compile_pdf
from symbackprop.render.worked import numeric_example, symbolic_example, too_large
from symbackprop.symbols import entry

PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(
    PDFLATEX is None or shutil.which("pdftoppm") is None,
    reason="pdflatex or pdftoppm not installed (apt-get install texlive-latex-base "
    "texlive-latex-recommended texlive-pictures poppler-utils)",
)

GOLDEN_2_2_2 = [
    r" &= w_n^{T} E_{n+1} &\qquad& \text{transposition} &\quad& "
    r"\textcolor{green!50!black}{\checkmark} \tag{E5}",
    r"(E5) & \texttt{s5\_error\_recursion} & exact+all-shapes; shapes "
    r"n\_1-n\_2, n\_1-n\_2-n\_3, 1-1, 2-3, 3-2-2, 2-3-1, 3-1-2-3, 2-2-2-2 \\",
    r"\fit{E_{3} = \left[\begin{matrix}r_{1}\\r_{2}\end{matrix}\right],\qquad "
    r"E_{2} = \left[\begin{matrix}r_{1} (w_{2})_{1,1} + r_{2} (w_{2})_{2,1}\\"
    r"r_{1} (w_{2})_{1,2} + r_{2} (w_{2})_{2,2}\end{matrix}\right]}",
    r"\fit{\text{formula: } E_{3} a_{2}^{T} = \left[\begin{matrix}r_{1} "
    r"\left((a_{1})_{1} (w_{1})_{1,1} + (a_{1})_{2} (w_{1})_{1,2}\right) & r_{1} "
    r"\left((a_{1})_{1} (w_{1})_{2,1} + (a_{1})_{2} (w_{1})_{2,2}\right)\\r_{2} "
    r"\left((a_{1})_{1} (w_{1})_{1,1} + (a_{1})_{2} (w_{1})_{1,2}\right) & r_{2} "
    r"\left((a_{1})_{1} (w_{1})_{2,1} + (a_{1})_{2} (w_{1})_{2,2}\right)"
    r"\end{matrix}\right]\quad \textcolor{green!50!black}{\checkmark\ \text{equal}}}",
]


@pytest.mark.parametrize("golden", GOLDEN_2_2_2)
def test_latex_for_2_2_2_contains_golden_line(step_results, golden):
    lines = derivation_document([2, 2, 2], step_results).splitlines()
    assert golden in lines


def test_failed_step_is_shown_failed_not_checked(failing_step_results):
    source = derivation_document([2, 2, 2], failing_step_results)
    gradient_lines = [line for line in source.splitlines() if r"\tag{G5}" in line]
    assert r"\text{\textbf{failed}}" in gradient_lines[0]
    assert r"\checkmark" not in gradient_lines[0]
    assert "Warning:" in source and r"the formula gives a 2$\times$3 matrix" in source


def test_missing_step_is_shown_unchecked(step_results):
    partial = [r for r in step_results if r.name != "s5_induction"]
    source = derivation_document([2, 2], partial)
    induction = [line for line in source.splitlines() if r"\tag{I1}" in line][0]
    assert "unchecked" in induction and r"\checkmark" not in induction


@pytest.mark.parametrize(
    "nasty",
    [r"\input{/etc/passwd}", "$", "%", "#", "_", "{", "}", "~", "^", "\\", "&"],
)
def test_escape_latex_leaves_no_active_character(nasty):
    escaped = escape_latex(f"a{nasty}b")
    stripped = escaped.replace(r"\textbackslash{}", "").replace(
        r"\textasciitilde{}", ""
    )
    stripped = stripped.replace(r"\textasciicircum{}", "")
    for special in "$%#_{}~^&":
        stripped = stripped.replace("\\" + special, "")
    assert not any(character in stripped for character in "\\$%#_{}~^&")


@pytest.mark.parametrize(
    "expression, expected",
    [
        # a negated product keeps its sign outside, not a lost parenthesis
        (
            -entry("w", 1, (1, 11)) * entry("a", 1, (2,)),
            r"- (a_{1})_{2} (w_{1})_{1,11}",
        ),
        # a subscripted name under a power and a transpose stays grouped
        (entry("w", 1, (1, 11)) ** 2, r"(w_{1})_{1,11}^{2}"),
        (
            sympy.Matrix([[entry("w", 12, (10, 11))]]).T,
            r"\left[\begin{matrix}(w_{12})_{10,11}\end{matrix}\right]",
        ),
        (
            -(entry("w", 1, (1, 1)) + entry("y", None, (2,))) * entry("r", None, (1,)),
            r"r_{1} \left(- (w_{1})_{1,1} - y_{2}\right)",
        ),
    ],
)
def test_sympy_latex_pitfalls_print_unambiguously(expression, expected):
    assert sympy.latex(expression) == expected


@pytest.mark.parametrize("widths", [(2, 2), (2, 3, 2), (1, 1, 1), (2, 2, 2, 2)])
def test_both_routes_agree_in_the_worked_examples(widths):
    assert all(symbolic_example(widths).agree.values())
    example = numeric_example(widths, seed=5)
    assert all(example.agree.values())
    assert all(entry.is_Integer for n in example.direct for entry in example.direct[n])


def test_too_large_networks_get_a_summary(step_results):
    assert too_large((2, 12, 2)) is not None
    source = derivation_document([2, 12, 2], step_results, example_seed=1)
    assert "too large to print" in source and "too large for a hand" in source


@pytest.mark.parametrize("widths", [(2, 3, 2), (1, 1, 1), (4, 3, 3, 2), (2, 12, 2)])
def test_explanation_fits_80_columns(step_results, widths):
    text = explanation(widths, step_results)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "✓" in text and "NOT CHECKED" not in text


def test_markdown_marks_follow_the_step_results(step_results, failing_step_results):
    good = derivation_markdown([2, 2], step_results)
    bad = derivation_markdown([2, 2], failing_step_results)
    assert "FAILED" not in good and "✓ exact" in good
    assert "✗ **FAILED**" in bad


def _page_is_not_blank(pdf: bytes, tmp_path) -> bool:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    # binary PGM: "P5", width and height, maximum value, one byte a pixel
    magic, _size, _maximum, pixels = image.split(b"\n", 3)
    dark = sum(1 for value in pixels if value < 128)
    return magic == b"P5" and dark > 0.005 * len(pixels)


@needs_pdflatex
@pytest.mark.parametrize(
    "widths, seed",
    [
        ((2, 2), None),
        ((4, 3, 3, 2), 1),
        ((1, 1, 1), 2),
        ((2, 12, 2), 3),
        ((2, 3, 2), 0),
    ],
)
def test_document_compiles_without_errors(step_results, tmp_path, widths, seed):
    title = r"\input{/etc/passwd} $ % # _ { } ~ ^ \ "
    source = derivation_document(widths, step_results, example_seed=seed, title=title)
    pdf = compile_pdf(source)
    assert pdf.startswith(b"%PDF")
    assert _page_is_not_blank(pdf, tmp_path)


@needs_pdflatex
def test_broken_document_fails_compilation():
    from symbackprop.render.pdf import LatexError

    with pytest.raises(LatexError, match="Undefined control sequence"):
        compile_pdf(
            "\\documentclass{article}\\begin{document}\\nosuchmacro\\end{document}\n"
        )
