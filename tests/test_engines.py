"""The engines against each other, and every engine against wrong formulas.

The exact engines (FLINT and SymPy polynomials) and the probabilistic one
(random points modulo a prime) share no arithmetic, so agreeing layer by
layer on many shapes and candidates is evidence about each of them. Every
check has a twin that must fail: each engine rejects each wrong formula of
paper §5 below.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st
from mutants import MUTANT_CASES, MUTANTS

from symbackprop import Network, ResourceLimit, verify
from symbackprop.engines import AUTO_EXACT_SECONDS, choose_engine
from symbackprop.engines.estimate import derivative_work

ENGINES = ["exact", "sympy", "random"]


def verdicts(report) -> list[bool]:
    return [layer.ok for layer in report.layers]


@pytest.mark.parametrize("method", ENGINES)
@pytest.mark.parametrize("candidate, widths", MUTANT_CASES)
def test_every_engine_rejects_every_wrong_formula(method, candidate, widths):
    report = verify(
        widths, method=method, seed=3 if method == "random" else None, **candidate
    )
    assert not report.ok
    assert report.counterexample is not None


def long_enough_for(candidate, widths):
    """An error formula is only applied from three layers on (two are
    refused), so such a candidate gets its last width repeated."""
    if "error" in candidate and len(widths) < 3:
        return [*widths, widths[-1]]
    return widths


candidates = st.sampled_from([{}, *(candidate for candidate, _ in MUTANTS.values())])
square_or_not = st.lists(st.integers(1, 4), min_size=2, max_size=5)


@given(widths=square_or_not, candidate=candidates, seed=st.integers(0, 2**64))
def test_exact_and_random_engines_agree_layer_by_layer(widths, candidate, seed):
    if derivative_work(Network(widths)) > 2_000_000:
        widths = widths[:3]
    widths = long_enough_for(candidate, widths)
    exact = verify(widths, method="exact", **candidate)
    random = verify(widths, method="random", seed=seed, **candidate)
    assert verdicts(random) == verdicts(exact)
    assert random.entries_checked == exact.entries_checked


@given(widths=st.lists(st.integers(1, 3), min_size=2, max_size=4), candidate=candidates)
def test_sympy_and_exact_engines_agree_layer_by_layer(widths, candidate):
    if derivative_work(Network(widths)) > 50_000:
        widths = widths[:3]
    widths = long_enough_for(candidate, widths)
    exact = verify(widths, method="exact", **candidate)
    assert verdicts(verify(widths, method="sympy", **candidate)) == verdicts(exact)
    if not exact.ok and exact.counterexample.entry is not None:
        again = verify(widths, method="sympy", **candidate).counterexample
        assert again.entry == exact.counterexample.entry
        assert sympy.expand(again.residual - exact.counterexample.residual) == 0


@pytest.mark.parametrize("method", ENGINES)
@pytest.mark.parametrize("batch", [1, 3])
def test_every_engine_checks_a_batch(method, batch):
    network = Network([2, 3, 2], batch=batch)
    assert verify(network, method=method).ok
    wrong = verify(network, method=method, gradient=lambda E, a, w: 2 * E * a.T)
    assert verdicts(wrong) == [False, False]


def test_auto_expands_small_networks_exactly_and_samples_large_ones():
    small, reason = choose_engine(Network([3, 3, 3, 3]))
    assert small.name == "exact" and "within" in reason
    large, reason = choose_engine(Network([784, 30, 10]))
    assert large.name == "random"
    assert "5.5e+09 products" in reason and f"{AUTO_EXACT_SECONDS:g} s" in reason

    report = verify([784, 30, 10])
    assert report.ok and report.method == "random"
    assert report.notes[0].startswith("method auto chose random: exact expansion")


def test_asking_for_an_exact_check_of_a_huge_network_is_refused_up_front(
    monkeypatch,
):
    monkeypatch.setattr(Network, "symbols", lambda self: pytest.fail("built symbols"))
    for method in ("exact", "sympy"):
        with pytest.raises(ResourceLimit, match="784-30-10"):
            verify([784, 30, 10], method=method)


@pytest.mark.parametrize("method", ENGINES)
def test_progress_counts_every_weight_entry_once(method):
    done = []
    network = Network([3, 4, 2, 2])
    extra = {"trials": 3} if method == "random" else {}
    assert verify(network, method=method, progress=done.append, **extra).ok
    assert sum(done) == network.weight_count


def test_the_engines_documents_examples_run_as_shown():
    text = (Path(__file__).parent.parent / "docs" / "engines.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner()
    for number, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"engines.md block {number}", None, 0))
    assert runner.summarize(verbose=False).failed == 0
