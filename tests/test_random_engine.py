"""The probabilistic engine: its bound, its counterexamples, its seeds.

A counterexample from random points is checked against plain SymPy
(``diff`` and ``expand``), which shares no code with the engine: the
entry it names must really differ as a polynomial.
"""

from __future__ import annotations

import pytest
import sympy
from mutants import MUTANT_CASES, single_entry_slip

from symbackprop import (
    Cost,
    InvalidInput,
    Network,
    ResourceLimit,
    SquaredError,
    Unsupported,
    verify,
)
from symbackprop.backprop import backprop_gradients
from symbackprop.direct import composed_cost
from symbackprop.engines.modular import FIELD_PRIME
from symbackprop.engines.random_engine import RandomEngine
from symbackprop.formulas import Formulas, SympyAlgebra, evaluate
from symbackprop.symbols import entry_matrix


def residual_polynomial(widths, candidate, n, entry, cost=None):
    """Entry ``(i, j)`` of ``∂C/∂w_n − G_n`` as an expanded SymPy polynomial."""
    cost = SquaredError() if cost is None else cost
    net = Network(widths)
    gradients = backprop_gradients(
        net.widths,
        Formulas(**candidate),
        SympyAlgebra(),
        net.weights,
        net.activations,
        cost.slope(net.activation(net.layers), net.target),
    )
    i, j = entry
    direct = sympy.diff(composed_cost(net, cost), net.weight(n)[i - 1, j - 1])
    return sympy.expand(direct - gradients[n - 1][i - 1, j - 1])


@pytest.mark.parametrize("candidate, widths", MUTANT_CASES)
def test_counterexample_names_the_first_wrong_layer_and_a_wrong_entry(
    candidate, widths
):
    exact = verify(widths, method="exact", **candidate)
    random = verify(widths, method="random", seed=11, **candidate)
    found = random.counterexample
    assert found.layer == exact.counterexample.layer
    if exact.counterexample.entry is None:  # a shape error, found before any point
        assert found.entry is None and "expected" in found.message
        return

    # halving with the first half tried first finds the first wrong entry
    assert found.entry == exact.counterexample.entry
    assert residual_polynomial(widths, candidate, found.layer, found.entry) != 0
    assert found.residual == (found.direct - found.formula) % FIELD_PRIME != 0
    assert found.extra["seed"] == 11


def test_a_single_wrong_entry_is_found_exactly():
    report = verify([3, 3, 3, 3], method="random", seed=5, gradient=single_entry_slip)
    assert [layer.ok for layer in report.layers] == [False, False, False]
    found = report.counterexample
    assert (found.layer, found.entry) == (1, (2, 3))
    assert found.residual == FIELD_PRIME - 1  # the formula is 1 too large
    assert "random point mod" in found.message


def test_the_seed_reproduces_the_points_and_the_counterexample():
    def run(seed):
        return verify([4, 4, 4], method="random", seed=seed, error=lambda w, E: w * E)

    first, again, other = run(2024), run(2024), run(2025)
    assert first.counterexample.to_dict() == again.counterexample.to_dict()
    assert first.details == again.details
    assert first.counterexample.direct != other.counterexample.direct


def test_default_bound_is_reached_and_reported():
    report = verify([3, 4, 4, 2], method="random")
    details = report.details
    assert details["prime"] == FIELD_PRIME and sympy.isprime(FIELD_PRIME)
    assert details["degree"] == 2 * 4 + 1  # 2L + 1, worked out in the engine
    assert details["bound"] <= 2.0**-64
    assert (details["degree"] / FIELD_PRIME) ** (details["trials"] - 1) > 2.0**-64
    assert isinstance(details["seed"], int)


def test_a_single_trial_reports_its_weaker_bound():
    details = verify([2, 3], method="random", trials=1).details
    assert details["trials"] == 1
    assert details["bound"] == pytest.approx(details["degree"] / FIELD_PRIME)


def test_a_formula_of_higher_degree_raises_the_degree_counted():
    def gradient(E, a, w):
        return E * a.T * w.T * w

    report = verify([2, 2, 2], method="random", seed=1, gradient=gradient)
    assert not report.ok
    assert report.details["degree"] == (2 * 3 - 1 + 2) + 2  # G_n, u, v


def test_the_network_is_never_built_as_symbols(monkeypatch):
    def fail(self):
        pytest.fail("the random engine touched the network's symbols")

    for name in ("symbols", "weights", "input", "activations"):
        monkeypatch.setattr(Network, name, property(fail))
    assert verify([50, 40, 30, 20], method="random").ok


class QuarticError(Cost):
    """``¼ Σ (a_L − y)⁴``: a cost without a slope formula."""

    name = "quartic-error"

    def value(self, output, target):
        return sum((o - y) ** 4 for o, y in zip(output, target)) / 4


def test_a_cost_without_slope_formula_is_differentiated_entry_by_entry():
    cost = QuarticError()
    for method in ("exact", "random"):
        assert verify([2, 2, 2], method=method, cost=cost).ok
    wrong = verify(
        [2, 2, 2], method="random", cost=cost, gradient=lambda E, a, w: 2 * E * a.T
    )
    assert not wrong.ok
    found = wrong.counterexample
    assert (
        residual_polynomial(
            [2, 2, 2],
            {"gradient": lambda E, a, w: 2 * E * a.T},
            found.layer,
            found.entry,
            cost,
        )
        != 0
    )
    # slope (a_L − y)³ has degree 3L, the tangent L + 1
    assert wrong.details["degree"] == 3 * 3 + 3 + 1


def test_a_large_output_needs_a_slope_formula():
    with pytest.raises(Unsupported, match="slope_formula"):
        verify([2, 300], method="random", cost=QuarticError())


@pytest.mark.parametrize("shape", [(1, 1), (3, 1), (2, 3)])
def test_the_squared_errors_slope_formula_is_its_derivative(shape):
    output = entry_matrix("o", None, *shape)
    target = entry_matrix("y", None, *shape)
    symbols = sympy.MatrixSymbol("a_L", *shape), sympy.MatrixSymbol("y", *shape)
    formula = SquaredError().slope_formula(*symbols)
    values = dict(zip(symbols, (output, target)))
    assert evaluate(formula, values, SympyAlgebra()) == SquaredError().slope(
        output, target
    )


@pytest.mark.parametrize(
    "options", [dict(trials=0), dict(trials=1.5), dict(bound=0.0), dict(seed=-1)]
)
def test_bad_options_are_refused(options):
    with pytest.raises(InvalidInput):
        RandomEngine(**options)


def test_a_seed_for_an_exact_engine_is_refused():
    with pytest.raises(InvalidInput, match="random engine only"):
        verify([2, 2], method="exact", seed=1)


def test_a_check_larger_than_memory_is_refused_up_front():
    with pytest.raises(ResourceLimit, match="GiB"):
        verify([100_000, 100_000, 100_000], method="random")
    with pytest.raises(ResourceLimit, match="GiB"):
        verify([2, 2], method="random", max_bytes=1000)
