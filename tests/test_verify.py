"""The backprop formulas of paper §5 against the direct derivative, exactly.

Every check has a twin that must fail: each wrong candidate below is
rejected, and the counterexample it comes with is confirmed independently
by plain SymPy (``diff`` and ``expand`` on expressions), a route that
shares no code with the engines' polynomial rings.
"""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symbackprop import InvalidInput, Network, Unsupported, VerificationError, verify
from symbackprop.backprop import backprop_gradients
from symbackprop.cost import SquaredError
from symbackprop.direct import composed_cost
from symbackprop.engines.flint_engine import FlintRing
from symbackprop.engines.polynomial import substitute
from symbackprop.engines.sympy_engine import SympyRing
from symbackprop.formulas import Formulas, SympyAlgebra

ENGINES = ["exact", "sympy"]
RINGS = {"exact": FlintRing, "sympy": SympyRing}

widths_lists = st.lists(st.integers(1, 4), min_size=2, max_size=5)


def small_enough_for(method, widths):
    terms = widths[-1] * sympy.prod(widths[:-1]) ** 2
    return terms <= (300_000 if method == "exact" else 20_000)


@pytest.mark.parametrize("method", ENGINES)
@given(widths=widths_lists)
def test_paper_formulas_verify_for_random_shapes(method, widths):
    if not small_enough_for(method, widths):
        widths = widths[:3]
    report = verify(widths, method=method)
    assert report.ok, report.text()
    assert [layer.n for layer in report.layers] == list(range(1, len(widths)))
    assert report.entries_checked == Network(widths).weight_count


@pytest.mark.parametrize(
    "widths", [[1, 1], [2, 3, 2], [4, 3, 3, 2], [1, 4, 1], [3, 1, 3], [2, 2, 2, 2, 2]]
)
def test_paper_formulas_verify_for_listed_shapes(widths):
    assert verify(widths).ok


def test_batch_of_examples_verifies():
    assert verify(Network([2, 3, 2], batch=2)).ok
    wrong = verify(Network([2, 2], batch=2), gradient=lambda E, a, w: a * E.T)
    assert not wrong.ok


def direct_minus_formula(widths, formulas, n, entry):
    """Independent confirmation of a counterexample: plain SymPy, no rings."""
    net = Network(widths)
    cost = composed_cost(net, SquaredError())
    gradients = backprop_gradients(
        net.widths,
        formulas,
        SympyAlgebra(),
        net.weights,
        net.activations,
        SquaredError().slope(net.activation(net.layers), net.target),
    )
    i, j = entry
    direct = sympy.diff(cost, net.weight(n)[i - 1, j - 1])
    return sympy.expand(direct - gradients[n - 1][i - 1, j - 1])


# wrong candidates of paper §5, each on shapes where it is shape-valid
MUTANTS = {
    "transposed gradient a_n E_{n+1}ᵀ": (
        dict(gradient=lambda E, a, w: a * E.T),
        [[3, 3], [2, 2, 2]],
    ),
    "untransposed error w_n E_{n+1}": (
        dict(error=lambda w, E: w * E),
        [[2, 2, 2], [3, 3, 3, 3]],
    ),
    "off by one layer E_n a_nᵀ": (
        dict(gradient=lambda E, a, w: (w.T * E) * a.T),
        [[2, 2], [3, 3, 3]],
    ),
    "negated gradient −E_{n+1} a_nᵀ": (
        dict(gradient=lambda E, a, w: -E * a.T),
        [[2, 3], [4, 3, 3, 2], [1, 1]],
    ),
    "doubled gradient 2 E_{n+1} a_nᵀ": (
        dict(gradient=lambda E, a, w: 2 * E * a.T),
        [[2, 3], [1, 2, 1]],
    ),
    "error without its transpose on the first layer only": (
        dict(error=lambda w, E: w * E if w.name == "w_2" else w.T * E),
        [[2, 2, 2, 2]],
    ),
}

CASES = [
    pytest.param(method, formulas, widths, id=f"{name}-{method}-{widths}")
    for name, (formulas, shapes) in MUTANTS.items()
    for widths in shapes
    for method in ENGINES
]


@pytest.mark.parametrize("method, candidate, widths", CASES)
def test_wrong_formula_is_rejected_at_a_real_differing_entry(method, candidate, widths):
    report = verify(widths, method=method, **candidate)
    assert not report.ok

    counterexample = report.counterexample
    assert counterexample.entry is not None
    assert counterexample.residual != 0
    assert (
        sympy.expand(
            counterexample.direct - counterexample.formula - counterexample.residual
        )
        == 0
    )
    independent = direct_minus_formula(
        widths, Formulas(**candidate), counterexample.layer, counterexample.entry
    )
    assert independent != 0
    assert sympy.expand(independent - counterexample.residual) == 0


@pytest.mark.parametrize("method", ENGINES)
def test_swapped_transpose_on_square_weights_is_caught_by_value(method):
    report = verify([3, 3, 3], method=method, gradient=lambda E, a, w: a * E.T)
    assert not report.ok
    assert all(layer.entries_checked == 9 for layer in report.layers)
    assert "differs" in report.counterexample.message


@pytest.mark.parametrize("method", ENGINES)
@pytest.mark.parametrize(
    "candidate, message",
    [
        (dict(gradient=lambda E, a, w: a * E.T), "expected 3×2, got 2×3"),
        (dict(gradient=lambda E, a, w: E * a.T * w.T), "expected 3×2, got 3×3"),
        (dict(gradient=lambda E, a, w: E * w), "shapes do not fit"),
    ],
)
def test_wrong_shape_is_a_failed_check_not_a_crash(method, candidate, message):
    report = verify([2, 3], method=method, **candidate)
    assert not report.ok
    assert message in report.counterexample.message
    assert report.counterexample.entry is None


@pytest.mark.parametrize("method", ENGINES)
def test_wrong_error_shape_fails_every_layer_below_it(method):
    report = verify([2, 3, 4], method=method, error=lambda w, E: w * E)
    assert [layer.ok for layer in report.layers] == [False, True]
    assert "do not fit" in report.counterexample.message


def test_blame_names_the_wrong_formula_and_the_first_wrong_error():
    report = verify(
        [2, 2, 2, 2], gradient=lambda E, a, w: E * a.T, error=lambda w, E: w * E
    )
    assert any("E_3 is the first error" in note for note in report.notes)


def test_engines_agree_on_a_counterexample():
    reports = [
        verify([2, 2, 2], method=method, error=lambda w, E: w * E) for method in ENGINES
    ]
    first, second = (report.counterexample for report in reports)
    assert first.entry == second.entry
    assert sympy.expand(first.residual - second.residual) == 0


@pytest.mark.parametrize("method", ENGINES)
@pytest.mark.parametrize("widths", [[2, 2], [2, 3, 2]])
def test_ring_derivative_matches_plain_sympy_diff(method, widths):
    # cross-check the exact engines' direct route against SymPy's diff
    net = Network(widths)
    cost = composed_cost(net, SquaredError())
    ring = RINGS[method](net.symbols())
    generators = dict(zip(net.symbols(), ring.generators()))
    expanded = substitute(ring, sympy.expand(cost), generators)
    for symbol in net.weight(1):
        ring_derivative = ring.derivative(expanded, net.symbols().index(symbol))
        residual = ring.to_sympy(ring_derivative) - sympy.diff(cost, symbol)
        assert sympy.expand(residual) == 0


@pytest.mark.parametrize("method", ENGINES)
def test_unexpected_zero_derivative_is_refused(method, monkeypatch):
    # a ring whose differentiation silently returns 0 must not pass
    monkeypatch.setattr(
        RINGS[method], "derivative", lambda self, polynomial, index: polynomial * 0
    )
    with pytest.raises(VerificationError, match="came out 0"):
        verify([2, 2], method=method)


def test_witness_shows_two_different_numbers_at_a_small_point():
    report = verify([2, 2], gradient=lambda E, a, w: a * E.T)
    witness = report.counterexample.witness()
    assert witness["direct"] != witness["formula"]
    counterexample = report.counterexample
    symbols = counterexample.direct.free_symbols | counterexample.formula.free_symbols
    point = {symbol: witness["point"][symbol.name] for symbol in symbols}
    assert counterexample.direct.subs(point) == witness["direct"]
    assert counterexample.formula.subs(point) == witness["formula"]


def test_an_error_formula_on_two_layers_is_refused_not_passed():
    with pytest.raises(InvalidInput, match="never uses"):
        verify([2, 2], error=lambda w, E: w * E)


def test_matrix_powers_beyond_the_forecasts_are_refused():
    with pytest.raises(Unsupported, match="powers above 8"):
        verify([2, 2, 2], gradient=lambda E, a, w: w**20 * E * a.T)
