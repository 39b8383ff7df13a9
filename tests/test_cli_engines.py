"""``symbackprop verify`` with --method, --seed and --trials."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "symbackprop", "verify", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_classic_mnist_network_is_verified_at_random_points():
    result = run("784", "30", "10", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["method"] == "random"
    assert report["level"] == "probabilistic"
    assert report["bound"] <= 2.0**-64
    assert "method auto chose random" in report["notes"][0]
    assert result.stderr == ""  # no progress bar with --json


def test_a_seed_repeats_a_random_check_exactly():
    args = ("3", "3", "3", "--method", "random", "--seed", "7", "--json")
    first, again = (
        run(*args, "--gradient", "2 * E * a.T"),
        run(*args, "--gradient", "2 * E * a.T"),
    )
    assert first.returncode == again.returncode == 1
    reports = [json.loads(result.stdout) for result in (first, again)]
    for report in reports:
        report.pop("seconds")
        for layer in report["layers"]:
            layer.pop("seconds")
    assert reports[0] == reports[1]
    assert reports[0]["seed"] == reports[0]["counterexample"]["seed"] == 7
    assert reports[0]["counterexample"]["entry"] == [1, 1]


def test_a_mismatch_at_random_points_prints_both_sides_and_the_seed():
    result = run(
        *("2", "2", "2", "--method", "random", "--seed", "3"),
        *("--error", "w * E", "--gradient", "a * E.T"),
    )
    assert result.returncode == 1
    assert "counterexample in w_1" in result.stdout
    assert "residual direct − formula" in result.stdout
    assert "seed: 3" in result.stdout


@pytest.mark.parametrize("trials", ["0", "-2", "many", "1.5"])
def test_a_bad_trial_count_is_a_bad_request(trials):
    result = run("2", "3", "2", "--method", "random", "--trials", trials)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--trials" in result.stderr


def test_seed_and_trials_are_refused_for_an_exact_engine():
    result = run("2", "3", "2", "--method", "exact", "--trials", "3")
    assert result.returncode == 2
    assert "random engine only" in result.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (("784", "30", "10", "--method", "sympy"), "784-30-10"),
        (("100000", "100000", "100000", "--method", "random"), "GiB"),
    ],
)
def test_a_check_beyond_the_machine_is_refused_in_one_line(args, words):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and words in result.stderr
