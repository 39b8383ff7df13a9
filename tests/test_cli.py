"""The command line contract: exit codes 0/1/2, JSON fields, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "symbackprop", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("widths", [["2", "3", "2"], ["4", "3", "3", "2"]])
def test_verify_reports_every_layer_verified(widths):
    result = run("verify", *widths)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("verified") == len(widths)  # layers + summary line
    assert "MISMATCH" not in result.stdout


def test_verify_json_has_the_contract_fields():
    result = run("verify", "4", "3", "3", "2", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["shape"] == [4, 3, 3, 2]
    assert report["counterexample"] is None
    assert isinstance(report["method"], str)
    assert [layer["n"] for layer in report["layers"]] == [1, 2, 3]
    for layer, shape in zip(report["layers"], [[3, 4], [3, 3], [2, 3]]):
        assert layer["shape"] == shape
        assert layer["ok"] is True
        assert layer["entries_checked"] == shape[0] * shape[1]
        assert layer["seconds"] >= 0


def test_wrong_formula_exits_1_with_a_counterexample():
    result = run("verify", "3", "3", "--gradient", "a * E.T")
    assert result.returncode == 1
    assert "MISMATCH" in result.stdout
    assert "counterexample in w_1: entry (1,2)" in result.stdout


def test_wrong_formula_json_names_layer_entry_both_sides():
    result = run("verify", "2", "2", "2", "--error", "w * E", "--json")
    assert result.returncode == 1
    counterexample = json.loads(result.stdout)["counterexample"]
    assert counterexample["layer"] == 1
    assert counterexample["entry"] == [1, 1]
    assert counterexample["direct"] != counterexample["formula"]
    assert counterexample["residual"] not in (None, "0")
    assert counterexample["shape"] == [2, 2, 2]


@pytest.mark.parametrize(
    "args, message",
    [
        (["verify", "3"], "at least two layer widths"),
        (["verify"], "at least two layer widths"),
        (["verify", "2", "0", "2"], "at least 1"),
        (["verify", "2", "-3"], "at least 1"),
        (["verify", "2", "x"], "positive integer"),
        (["verify", "2", "2.5"], "positive integer"),
        (["verify", "30", "30", "30", "30", "30", "--method", "sympy"], "would need"),
        (["verify", "2", "2", "--gradient", "__import__('os').system('true')"], ""),
        (["verify", "2", "2", "--gradient", "E * a.T +"], "cannot parse"),
        (["verify", "2", "2", "--error", "w.inv() * E"], "function calls are not"),
        (["verify", "2", "2", "--method", "magic"], "invalid choice"),
        (["verify", "2", "2", "--error", "w * E"], "never uses"),
        (["verify", "2", "2", "--max-seconds", "-1"], "positive number of seconds"),
        (["verify", "2", "2", "--max-seconds", "nan"], "positive number of seconds"),
        (["frobnicate"], "invalid choice"),
        ([], "COMMAND"),
    ],
)
def test_bad_request_exits_2_with_one_line_and_no_traceback(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    if args:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stdout == ""


def test_help_says_what_is_verified_and_how():
    result = run("verify", "--help")
    assert result.returncode == 0
    for phrase in ("E_n = w_nᵀ E_{n+1}", "∂C/∂w_n = E_{n+1} a_nᵀ", "exact", "Exit"):
        assert phrase in result.stdout


@pytest.mark.parametrize("closed", ["2>&-", ">&-"])
def test_closed_standard_stream_is_no_traceback(closed):
    command = f"{sys.executable} -m symbackprop verify 2 2 {closed}"
    result = subprocess.run(
        command, shell=True, capture_output=True, text=True, timeout=300
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == (0 if closed == "2>&-" else 2)


def test_closed_pipe_ends_quietly():
    command = f"{sys.executable} -m symbackprop verify 2 2 --json | head -c 10"
    result = subprocess.run(
        command, shell=True, capture_output=True, text=True, timeout=300
    )
    assert "Traceback" not in result.stderr
    assert "Error" not in result.stderr


def test_full_disk_is_one_line_exit_2():
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "symbackprop", "verify", "2", "2"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "symbackprop: error: cannot write the output: No space left on device"
    )
