"""Every step of the paper's proof holds, and rejects a wrong version of
its claim with a counterexample."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sympy

import proofs
from proofs import (
    ClaimFailed,
    s2_shapes_and_cost,
    s3_update_rule,
    s4_1_error_definition,
    s4_1_forward_rule,
    s4_2_cost_slope,
    s5_computability,
    s5_error_recursion,
    s5_induction,
    s5_last_error,
    s5_weight_gradient,
)
from symbackprop.cost import SquaredError
from symbackprop.errors import InvalidInput
from symbackprop.shapes import normal_form


@pytest.mark.parametrize("step", proofs.STEPS, ids=lambda step: step.__name__)
def test_each_step_of_the_paper_holds(step):
    result = step.run(quick=True)
    assert result.ok, result.message
    assert len(result.concrete_shapes) == len(proofs._shapes.QUICK_SHAPES)
    assert result.section == step.SECTION and result.claim == step.CLAIM
    if step.__name__.rpartition(".")[2] in SYMBOLIC_STEPS:
        assert result.level == "exact+all-shapes"
        assert result.symbolic_shapes == ("n_1-n_2", "n_1-n_2-n_3")
    else:
        assert result.level == "exact" and not result.symbolic_shapes


#: the steps whose claims do not depend on the shape, checked for symbolic
#: widths too
SYMBOLIC_STEPS = {
    "s2_shapes_and_cost",
    "s3_update_rule",
    "s4_1_forward_rule",
    "s4_2_cost_slope",
    "s5_error_recursion",
    "s5_induction",
    "s5_weight_gradient",
}


@pytest.mark.parametrize(
    "step", [proofs.step_named(name) for name in sorted(SYMBOLIC_STEPS)]
)
def test_each_shape_independent_step_holds_for_symbolic_widths(step):
    deepest = getattr(step, "DEEPEST", proofs._shapes.DEPTHS[-1])
    for layers in range(2, deepest + 1):
        step.check_all_shapes(layers)


def test_steps_follow_the_papers_order():
    sections = [step.SECTION for step in proofs.STEPS]
    assert sections == ["2", "3", "4.1", "4.1", "4.2", "5", "5", "5", "5", "5"]


def test_the_full_shape_list_covers_every_small_width_tuple():
    small = proofs._shapes.SMALL_SHAPES
    assert len(small) == 117 and len(set(small)) == 117
    assert all(len(widths) <= 4 and max(widths) <= 3 for widths in small)


# wrong ingredients, one or more per step


def transposed_weight_shape(widths, n):
    return widths[n - 1], widths[n]


class CostWithoutHalf(SquaredError):
    def value(self, output, target):
        return 2 * super().value(output, target)


def ascent(weight, gradient, step):
    return weight + step * gradient


def transposed_forward(weight, activation):
    return weight.T * activation


def row_error(exact, cost, activation):
    return exact.gradient(cost, activation).T


def scaled_error(exact, cost, activation):
    return 2 * exact.gradient(cost, activation)


def reversed_slope(output, target):
    return target - output


def output_as_last_error(cost, output, target):
    return output


def untransposed(weight, error_next):
    return weight * error_next


def transposed_jacobian(vector, variables):
    return vector.jacobian(variables).T


def unreversed_closed_form(weights, last_error):
    if not weights:
        return last_error
    return sympy.MatMul(*[weight.T for weight in reversed(weights)], last_error)


def outer_product_reversed(error_next, activation, weight):
    return (activation * error_next.T).T.T


def swapped_local_derivative(k, i, j, activation, zero):
    return activation[j, 0] if k == j else zero


def route_needing_dC_dw(network, cost):
    value = cost.value(network.activation(network.layers), network.target)
    return [
        weight.applyfunc(lambda symbol: sympy.Derivative(value, symbol))
        for weight in network.weights
    ]


def route_needing_an_earlier_error(network, cost):
    gradients = s5_computability.backprop_route(network, cost)
    hidden = sympy.Matrix(
        [sympy.Symbol(f"dC/da_2[{i + 1}]") for i in range(network.widths[1])]
    )
    return [hidden * network.input.T, *gradients[1:]]


WRONG_CLAIMS = [
    (s2_shapes_and_cost, {"weight_shape": transposed_weight_shape}, (2, 3)),
    (s2_shapes_and_cost, {"cost": CostWithoutHalf()}, (2, 2)),
    (s3_update_rule, {"update": ascent}, (2, 2)),
    (s4_1_forward_rule, {"forward": transposed_forward}, (2, 3)),
    (s4_1_forward_rule, {"forward": transposed_forward}, (2, 2)),
    (s4_1_error_definition, {"error": row_error}, (2, 3)),
    (s4_1_error_definition, {"error": scaled_error}, (1, 1)),
    (s4_2_cost_slope, {"slope": reversed_slope}, (2, 2)),
    (s5_last_error, {"last_error": output_as_last_error}, (2, 2)),
    (s5_error_recursion, {"error": untransposed}, (2, 3)),
    (s5_error_recursion, {"error": untransposed}, (2, 2)),
    (s5_error_recursion, {"jacobian": transposed_jacobian}, (2, 3)),
    (s5_error_recursion, {"untransposed": s5_error_recursion.paper_error}, (2, 2)),
    (s5_induction, {"closed_form": unreversed_closed_form}, (2, 2, 2)),
    (s5_induction, {"closed_form": unreversed_closed_form}, (2, 3, 2, 3)),
    (s5_weight_gradient, {"gradient": outer_product_reversed}, (2, 2)),
    (s5_weight_gradient, {"local_derivative": swapped_local_derivative}, (2, 2)),
    (s5_computability, {"route": route_needing_dC_dw}, (2, 2)),
    (s5_computability, {"route": route_needing_an_earlier_error}, (2, 2, 2)),
]


@pytest.mark.parametrize(
    "step, wrong, widths",
    WRONG_CLAIMS,
    ids=[f"{step.__name__}-{next(iter(wrong))}-{w}" for step, wrong, w in WRONG_CLAIMS],
)
def test_each_step_rejects_a_wrong_claim_with_a_counterexample(step, wrong, widths):
    with pytest.raises(ClaimFailed) as failure:
        step.check(widths, **wrong)
    assert str(failure.value)

    result = step.run(shapes=[widths], depths=(), **wrong)
    assert not result.ok
    assert result.shapes[-1] == "-".join(map(str, widths))
    assert result.message.startswith(f"shape {result.shapes[-1]}: ")


def doubled_slope(output, target):
    return 2 * (output - target)


def scaled_error_formula(weight, error_next):
    return 2 * weight.T * error_next


def doubled_gradient(error_next, activation, weight):
    return 2 * error_next * activation.T


def doubled_forward(weight, activation):
    return 2 * weight * activation


def trace_without_half(output, target):
    return sympy.Trace((output - target).T * (output - target))


def doubled_closed_form(weights, last_error):
    return 2 * paper_closed(weights, last_error)


paper_closed = s5_induction.paper_closed_form

#: wrong claims that are shape-valid for symbolic widths: the normal form
#: leaves a residual, which is the counterexample
WRONG_VALUES_FOR_SYMBOLIC_WIDTHS = [
    (s2_shapes_and_cost, {"matrix_cost": trace_without_half}, "½"),
    (s3_update_rule, {"update": ascent}, "Trace"),
    (s4_1_forward_rule, {"forward": doubled_forward}, "w_1*a_1"),
    (s4_2_cost_slope, {"slope": reversed_slope}, "a_2"),
    (s4_2_cost_slope, {"slope": doubled_slope}, "y"),
    (s5_error_recursion, {"error": scaled_error_formula}, "w_1.T*y"),
    (s5_induction, {"closed_form": doubled_closed_form}, "y"),
    (s5_weight_gradient, {"gradient": doubled_gradient}, "y*a_1.T"),
]


@pytest.mark.parametrize(
    "step, wrong, shown",
    WRONG_VALUES_FOR_SYMBOLIC_WIDTHS,
    ids=[
        f"{s.__name__}-{next(iter(w))}" for s, w, _ in WRONG_VALUES_FOR_SYMBOLIC_WIDTHS
    ],
)
def test_a_wrong_claim_is_rejected_for_symbolic_widths_with_its_residual(
    step, wrong, shown
):
    with pytest.raises(ClaimFailed, match="not 0 in the normal form") as failure:
        step.check_all_shapes(2, **wrong)
    residual = failure.value.details["residual"]
    assert not normal_form(residual).is_zero
    if shown != "½":
        assert shown in str(residual)

    result = step.run(shapes=[], depths=(2,), **wrong)
    assert not result.ok and result.level == "exact+all-shapes"
    assert result.shapes == ("n_1-n_2",)
    assert result.message.startswith("all shapes n_1-n_2: ")
    assert "all-shapes residual" in result.details


#: wrong claims whose shapes do not fit once no width is assumed equal to
#: another (the exact level finds wrong values for square shapes instead)
WRONG_SHAPES_FOR_SYMBOLIC_WIDTHS = [
    (s2_shapes_and_cost, {"weight_shape": transposed_weight_shape}),
    (s4_1_forward_rule, {"forward": transposed_forward}),
    (s5_error_recursion, {"error": untransposed}),
    (s5_induction, {"closed_form": unreversed_closed_form}),
    (s5_weight_gradient, {"gradient": outer_product_reversed}),
]


@pytest.mark.parametrize(
    "step, wrong",
    WRONG_SHAPES_FOR_SYMBOLIC_WIDTHS,
    ids=[f"{s.__name__}-{next(iter(w))}" for s, w in WRONG_SHAPES_FOR_SYMBOLIC_WIDTHS],
)
def test_a_wrong_claim_is_a_shape_error_for_symbolic_widths(step, wrong):
    with pytest.raises(ClaimFailed) as failure:
        step.check_all_shapes(3, **wrong)
    assert failure.value.details.get("shape_error") is True


def test_the_transpose_remark_holds_for_symbolic_widths():
    with pytest.raises(ClaimFailed, match="un-transposed form also gives"):
        s5_error_recursion.check_all_shapes(
            2, untransposed=s5_error_recursion.paper_error
        )


def test_both_levels_are_reported_when_both_reject_a_claim():
    result = s4_2_cost_slope.run(shapes=[(2, 2)], depths=(2,), slope=reversed_slope)
    assert not result.ok
    assert result.shapes == ("n_1-n_2", "2-2")
    first, second = result.message.split("; ")
    assert first.startswith("all shapes n_1-n_2: ") and second.startswith("shape 2-2")


def test_an_exact_only_ingredient_is_checked_at_the_exact_level_only():
    result = s5_error_recursion.run(
        shapes=[(2, 3)], depths=(2,), jacobian=transposed_jacobian
    )
    assert not result.ok and result.message.startswith("shape 2-3: ")
    with pytest.raises(TypeError, match="no ingredient"):
        s5_error_recursion.run(shapes=[], depths=(), nonsense=None)


def test_the_transpose_remark_shows_a_shape_error_and_a_wrong_value():
    with pytest.raises(ClaimFailed, match="shapes do not fit"):
        s5_error_recursion.check((2, 3), error=untransposed)
    with pytest.raises(ClaimFailed, match=r"entry \(\d,1\) of E_1"):
        s5_error_recursion.check((2, 2), error=untransposed)


def test_an_unknown_step_name_is_invalid_input():
    with pytest.raises(InvalidInput, match="no proof"):
        proofs.run_step("s9_nothing")


def test_proofs_command_passes_and_prints_json():
    completed = subprocess.run(
        [sys.executable, "-m", "symbackprop", "proofs", "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["ok"] is True
    names = [step["name"] for step in report["steps"]]
    assert names == [step.__name__.rpartition(".")[2] for step in proofs.STEPS]
    for step in report["steps"]:
        assert step["ok"] and step["level"] in {"exact", "exact+all-shapes"}
        assert step["shapes"]
        assert {"section", "claim", "latex", "seconds", "message"} <= set(step)


def test_proofs_command_table_fits_80_columns():
    completed = subprocess.run(
        [sys.executable, "-m", "symbackprop", "proofs", "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "10 of 10 steps hold." in completed.stdout
    assert max(len(line) for line in completed.stdout.splitlines()) <= 80


def test_the_table_reports_a_failed_step():
    from symbackprop.cli.proofs_command import table

    failed = s5_error_recursion.run(shapes=[(2, 3)], error=untransposed)
    text = table([failed], {})
    assert "FAILED" in text and "0 of 1 steps hold." in text
    assert "shapes do not fit" in text


@pytest.mark.parametrize("step", ["s2_shapes_and_cost", "s5_induction"])
def test_a_step_runs_alone_as_a_module(step):
    completed = subprocess.run(
        [sys.executable, "-m", f"proofs.{step}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "holds" in completed.stdout
