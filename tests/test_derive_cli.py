"""``symbackprop derive`` and ``explain``: outputs and exit codes."""

from __future__ import annotations

import shutil

import pytest

from symbackprop.cli import derive_command, explain_command, main


@pytest.fixture
def steps_run(monkeypatch, step_results):
    """The commands mark lines with step results computed by real checks."""
    monkeypatch.setattr(derive_command, "step_results", lambda: step_results)
    monkeypatch.setattr(explain_command, "step_results", lambda: step_results)


@pytest.mark.parametrize(
    "argv",
    [
        ["derive", "2"],
        ["derive", "2", "0", "2"],
        ["derive", "2", "x"],
        ["derive", "2", "2", "-o", "/no/such/folder/out.tex"],
        ["derive", "2", "2", "--pdf"],
        ["derive", "2", "2", "--example", "--seed", "-1"],
        ["derive", "2", "2", "--seed", "3"],
        ["explain", "3"],
    ],
)
def test_bad_request_exits_2_with_one_line(steps_run, capsys, argv):
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse's own usage errors
        code = exit.code
    assert code == 2
    error = capsys.readouterr().err
    assert len(error.strip().splitlines()) == 1


def test_derive_writes_latex_and_markdown(steps_run, tmp_path, capsys):
    assert main(["derive", "2", "3", "2", "-o", str(tmp_path / "d.tex")]) == 0
    assert (tmp_path / "d.tex").read_text().startswith(r"\documentclass")
    assert main(["derive", "2", "2", "--format", "markdown", "--example"]) == 0
    assert "## A hand calculation" in capsys.readouterr().out


def test_huge_widths_give_a_summary_quickly(steps_run, capsys):
    assert main(["derive", "784", "30", "10", "--example"]) == 0
    assert "too large to print" in capsys.readouterr().out


def test_missing_pdflatex_exits_2_saying_how_to_install(
    steps_run, monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["derive", "2", "2", "-o", str(tmp_path / "d.tex"), "--pdf"]) == 2
    assert "apt-get install texlive-latex-base" in capsys.readouterr().err


def test_missing_proof_steps_is_a_clear_error(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "proofs", None)
    assert main(["explain", "2", "2"]) == 2
    assert "proof steps" in capsys.readouterr().err


def test_explain_prints_checked_lines(steps_run, capsys):
    assert main(["explain", "2", "3", "2"]) == 0
    out = capsys.readouterr().out
    assert "= w_nᵀ E_{n+1}" in out and "✓ exact" in out


@pytest.fixture
def steps_must_not_run(monkeypatch):
    """A request refused before the proof steps run never reaches them."""

    def refuse():
        raise AssertionError("the proof steps ran before the request was checked")

    monkeypatch.setattr(derive_command, "step_results", refuse)


@pytest.mark.parametrize(
    "output, extra",
    [
        ("/proc/x.tex", []),
        ("{tmp}", []),
        ("", []),
        ("   ", []),
        ("{tmp}/d.pdf", ["--pdf"]),
        ("{tmp}/d.pdf", []),
        ("-", ["--pdf"]),
        ("{tmp}/no/such/folder/d.tex", []),
    ],
)
def test_output_problems_exit_2_before_the_proof_steps(
    steps_must_not_run, capsys, tmp_path, output, extra
):
    argv = ["derive", "2", "2", "-o", output.format(tmp=tmp_path), *extra]
    assert main(argv) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_output_pdf_is_refused_naming_the_tex_file(steps_must_not_run, capsys):
    assert main(["derive", "2", "2", "-o", "x.pdf", "--pdf"]) == 2
    assert "use -o x.tex --pdf" in capsys.readouterr().err


def test_seed_without_example_is_refused(steps_must_not_run, capsys):
    assert main(["derive", "2", "2", "--seed", "3"]) == 2
    assert "--example" in capsys.readouterr().err


def test_dash_output_writes_to_stdout(steps_run, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["derive", "2", "2", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith(r"\documentclass")
    assert list(tmp_path.iterdir()) == []


def test_accented_title_is_kept_and_cjk_is_reported(steps_run, capsys, tmp_path):
    tex = tmp_path / "d.tex"
    title = "Backprop für Studierende — Übung „ß“ … 日本"
    assert main(["derive", "2", "2", "-o", str(tex), "--title", title]) == 0
    assert (
        r"\title{Backprop für Studierende — Übung „ß“ \ldots{} ??}" in tex.read_text()
    )
    error = capsys.readouterr().err.splitlines()
    assert any("warning" in line and "日, 本" in line for line in error)


def test_accented_title_needs_no_warning(steps_run, capsys):
    assert main(["derive", "2", "2", "--title", "Übung für Studierende"]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_pdf_goes_beside_the_tex_file(steps_run, capsys, tmp_path):
    tex = tmp_path / "d.tex"
    assert main(["derive", "2", "2", "-o", str(tex), "--pdf"]) == 0
    assert tex.read_text().startswith(r"\documentclass")
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("columns, widest", [("40", 40), ("200", 80)])
def test_explain_follows_the_terminal_width(
    steps_run, capsys, monkeypatch, columns, widest
):
    monkeypatch.setenv("COLUMNS", columns)
    assert main(["explain", "2", "2"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= widest
