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
