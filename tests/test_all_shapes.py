"""The all-shapes level proves backprop for symbolic widths and rejects
wrong formulas with their residual."""

from __future__ import annotations

import pytest
import sympy

from symbackprop import verify_all_shapes
from symbackprop.errors import InvalidInput, VerificationError
from symbackprop.shapes import all_shapes, symbolic_network
from symbackprop.shapes.normal_form import normal_form


@pytest.mark.parametrize("layers", [2, 3, 4])
@pytest.mark.parametrize("batch", [False, True])
def test_the_papers_formulas_hold_for_every_width(layers, batch):
    report = verify_all_shapes(layers, batch=batch)
    assert report.ok
    assert (report.level, report.method, report.shape) == ("all-shapes",) * 2 + (None,)
    widths = symbolic_network(layers).widths
    assert [layer.shape for layer in report.layers] == [
        (widths[n], widths[n - 1]) for n in range(1, layers)
    ]
    assert report.details["widths"] == list(widths)
    assert report.details["cross_check_shapes"]
    assert all(layer.entries_checked > 0 for layer in report.layers)
    assert (report.batch is not None) == batch


def test_the_json_report_has_no_shape_and_symbolic_widths():
    data = verify_all_shapes(3, batch=True).to_dict()
    assert data["ok"] and data["shape"] is None and data["batch"] == "B"
    assert data["widths"] == ["n_1", "n_2", "n_3"]
    assert data["layers"][0]["shape"] == ["n_2", "n_1"]


#: shape-valid wrong formulas: (gradient, error, layers)
WRONG_VALUES = [
    (lambda E, a, w: -E * a.T, None, 2),
    (lambda E, a, w: 2 * E * a.T, None, 3),
    (lambda E, a, w: E * a.T + E * a.T * w.T * w, None, 3),
    (None, lambda w, E: -w.T * E, 3),
    (None, lambda w, E: 2 * w.T * E, 4),
]


@pytest.mark.parametrize("batch", [False, True])
@pytest.mark.parametrize("gradient, error, layers", WRONG_VALUES)
def test_a_wrong_formula_is_rejected_with_its_nonzero_residual(
    gradient, error, layers, batch
):
    report = verify_all_shapes(layers, batch=batch, gradient=gradient, error=error)
    assert not report.ok
    counterexample = report.counterexample
    residual = normal_form(counterexample.residual)
    assert not residual.is_zero
    assert residual == normal_form(counterexample.direct) - normal_form(
        counterexample.formula
    )
    assert "confirmed at widths" in counterexample.extra
    assert "residual (normal form)" in report.text()


def test_the_residual_of_twice_the_gradient_is_minus_the_gradient():
    report = verify_all_shapes(2, gradient=lambda E, a, w: 2 * E * a.T)
    network = symbolic_network(2)
    w, a, y = network.weights[0], network.input, network.target
    assert normal_form(report.counterexample.residual) == normal_form(
        y * a.T - w * a * a.T
    )


#: wrong formulas whose shapes do not fit for symbolic widths
WRONG_SHAPES = [
    (lambda E, a, w: a * E.T, None, "expected n_2×n_1, got n_1×n_2"),
    (None, lambda w, E: w * E, "E_2: expected n_2×1, got n_3×1"),
    (lambda E, a, w: E * a.T * w * w, None, "cannot multiply"),
]


@pytest.mark.parametrize("gradient, error, message", WRONG_SHAPES)
def test_a_formula_whose_shapes_do_not_fit_is_a_shape_failure(gradient, error, message):
    report = verify_all_shapes(3, gradient=gradient, error=error)
    assert not report.ok
    failed = report.layers[0]
    assert not failed.ok and failed.entries_checked == 0
    assert message in failed.counterexample.message


def test_a_silent_zero_from_sympy_is_an_error_never_a_pass(monkeypatch):
    def zero(expression, by):
        return sympy.ZeroMatrix(*by.shape)

    monkeypatch.setattr(sympy, "diff", zero)
    with pytest.raises(VerificationError, match="= 0"):
        verify_all_shapes(3)


def test_deep_networks_differentiate_by_one_weight_at_a_time(monkeypatch):
    monkeypatch.setattr(all_shapes, "WHOLE_COST_LAYERS", 2)
    report = verify_all_shapes(5, batch=True)
    assert report.ok and "held as matrix symbols" in report.details["direct"]
    wrong = verify_all_shapes(5, gradient=lambda E, a, w: -E * a.T)
    assert not wrong.ok


@pytest.mark.parametrize("layers", [1, 0, -3, 65, 100000, 2.5, True])
def test_depth_out_of_range_is_refused(layers):
    with pytest.raises(InvalidInput, match="layers"):
        verify_all_shapes(layers)


@pytest.mark.slow
@pytest.mark.parametrize("batch", [False, True])
def test_fifty_layers_are_proved(batch):
    report = verify_all_shapes(50, batch=batch)
    assert report.ok and len(report.layers) == 49
