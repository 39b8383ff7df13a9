"""The derivation documents: golden LaTeX, marks that follow the proof
steps, escaping, compilation with pdflatex and a page that is not blank."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sympy

from symbackprop.render.escape import escape_latex, untypesettable
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


def _expected_mark(result) -> str:
    """The short mark a held step earns, spelled out from its own data."""
    concrete = [shape for shape in result.shapes if not shape.startswith("n_")]
    text = f"exact ({len(concrete)} shapes)"
    layers = sorted({s.count("-") + 1 for s in result.shapes if s.startswith("n_")})
    if "all-shapes" in result.level.split("+"):
        text += f" and all shapes (L = {layers[0]}–{layers[-1]})"
    return text


def test_latex_check_table_gives_short_marks_and_shapes_once(step_results):
    by_name = {result.name: result for result in step_results}
    recursion = by_name["s5_error_recursion"]
    lines = derivation_document([2, 2, 2], step_results).splitlines()

    row = rf"(E5) & \texttt{{s5\_error\_recursion}} & {_expected_mark(recursion)} \\"
    assert row in lines
    shapes = escape_latex(", ".join(recursion.shapes))
    shapes_row = rf"shapes & \texttt{{s5\_error\_recursion}} & {shapes} \\"
    assert shapes_row in lines

    # the shapes are listed once per step and section, never on a line's row
    assert not any(r"\tag{" in line and "n\\_1" in line for line in lines)
    assert not any(line.startswith("(E") and "n\\_1" in line for line in lines)


def test_explain_marks_are_short_and_shapes_listed_once_per_step(step_results):
    by_name = {result.name: result for result in step_results}
    text = explanation([2, 2, 2], step_results)
    expected = _expected_mark(by_name["s5_error_recursion"])
    assert f"transposition: ✓ {expected}" in text
    unwrapped = " ".join(text.split())
    for result in step_results:
        listing = f"{result.name} (§{result.section}): {', '.join(result.shapes)}"
        assert unwrapped.count(listing) == 1
    assert "n_1-n_2" not in text.split("Shapes each proof step")[0]


def test_explain_has_no_doubled_parenthesis(step_results):
    text = explanation([2, 2], step_results)
    assert "(§4.1))" not in text
    assert "forward rule, no bias and no activation (§4.1): ✓" in text


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
    "text", ["für", "Übung", "ß", "é è ñ ç ø å", "– —", "‘a’ “b” „c“", "…", "Łódź"]
)
def test_escape_latex_keeps_what_pdflatex_can_set(text):
    assert escape_latex(text) == text.replace("…", r"\ldots{}")


@pytest.mark.parametrize("text", ["日本", "🙂", "Ωmega"])
def test_escape_latex_replaces_what_pdflatex_cannot_set(text):
    assert "?" in escape_latex(text) and untypesettable(text)


@needs_pdflatex
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing")
def test_pdf_shows_the_accented_title(step_results, tmp_path):
    title = "Backprop für Studierende — Übung"
    pdf = compile_pdf(derivation_document([2, 2], step_results, title=title))
    (tmp_path / "d.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-l", "1", str(tmp_path / "d.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "für" in text and "Übung" in text and "f?r" not in text


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


@pytest.mark.parametrize("columns", [30, 40, 60])
@pytest.mark.parametrize("widths", [(2, 2), (2, 3, 2)])
def test_explanation_wraps_to_a_narrow_terminal(step_results, widths, columns):
    text = explanation(widths, step_results, columns=columns)
    assert max(len(line) for line in text.splitlines()) <= columns


def test_explanation_is_never_wider_than_80(step_results):
    text = explanation([2, 3, 2], step_results, columns=200)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_failed_and_missing_steps_stay_visible_in_explain(
    step_results, failing_step_results
):
    assert "✗ FAILED" in explanation([2, 2], failing_step_results)
    partial = [r for r in step_results if r.name != "s5_induction"]
    assert "? NOT CHECKED" in explanation([2, 2], partial)


def test_large_network_says_exactly_what_was_checked(step_results):
    source = derivation_document([2, 12, 2, 2, 2, 2], step_results)
    markdown = derivation_markdown([2, 12, 2, 2, 2, 2], step_results)
    layers = sorted({s.count("-") + 1 for r in step_results for s in r.symbolic_shapes})
    for text in (source, markdown):
        assert "hold for every shape" not in text
        assert f"L = {layers[0]}–{layers[-1]} only" in text
        assert "L = 6, was not among them" in text


def test_markdown_marks_follow_the_step_results(step_results, failing_step_results):
    good = derivation_markdown([2, 2], step_results)
    bad = derivation_markdown([2, 2], failing_step_results)
    by_name = {result.name: result for result in step_results}
    assert "FAILED" not in good
    assert f"✓ {_expected_mark(by_name['s5_error_recursion'])} |" in good
    assert "✗ **FAILED**" in bad


def test_markdown_escapes_only_what_markdown_reads(step_results):
    text = derivation_markdown([2, 2], step_results)
    assert text.splitlines()[0] == "# Backpropagation for a 2-2 network"
    cells = [line for line in text.splitlines() if line.startswith("| ")]
    assert not any("\\-" in cell or "\\+" in cell for cell in cells)


@pytest.mark.parametrize(
    "title, heading",
    [
        ("*bold* [x](y) <b> $a$", r"# \*bold\* \[x\](y) \<b\> \$a\$"),
        ("# 1. - +", r"# \# 1. - +"),
        ("Übung 2-3 (§5)", "# Übung 2-3 (§5)"),
    ],
)
def test_markdown_title_markup_is_escaped(title, heading):
    assert derivation_markdown([2, 2], [], title=title).splitlines()[0] == heading


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
