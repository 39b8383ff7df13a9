"""The cross-check at concrete widths catches a wrong symbolic result."""

from __future__ import annotations

import pytest

from symbackprop.errors import VerificationError
from symbackprop.formulas import Formulas
from symbackprop.shapes import matrix_gradient, normal_form, symbolic_network
from symbackprop.shapes.cross_check import cross_check, instances


def _results(layers, batch):
    network = symbolic_network(layers, batch)
    cost = network.cost()
    expressions, forms = {}, {}
    for n, weight in enumerate(network.weights, 1):
        expressions[n], forms[n] = matrix_gradient(cost, weight)
    return network, expressions, forms


@pytest.mark.parametrize("layers, batch", [(2, False), (3, False), (3, True)])
def test_correct_symbolic_results_agree_with_the_exact_level(layers, batch):
    network, expressions, forms = _results(layers, batch)
    evidence = cross_check(
        network, Formulas(), expressions, forms, forms, instances(layers, batch)
    )
    assert all(found.entries > 0 and not found.witnesses for found in evidence.values())


@pytest.mark.parametrize("layers, batch", [(2, False), (3, False), (3, True)])
def test_a_deliberately_wrong_sympy_derivative_is_caught(layers, batch):
    network, expressions, forms = _results(layers, batch)
    expressions[1] = 2 * expressions[1]
    with pytest.raises(VerificationError, match="SymPy's symbolic ∂C/∂w_1"):
        cross_check(
            network, Formulas(), expressions, forms, forms, instances(layers, batch)
        )


@pytest.mark.parametrize("layers, batch", [(2, False), (3, True)])
def test_a_wrong_normal_form_that_would_prove_a_wrong_formula_is_caught(layers, batch):
    network, expressions, forms = _results(layers, batch)
    forms[1] = forms[1] + normal_form(network.weights[0])
    with pytest.raises(VerificationError, match="normal form of ∂C/∂w_1"):
        cross_check(
            network, Formulas(), expressions, forms, forms, instances(layers, batch)
        )


def test_a_normal_form_that_misses_a_nonzero_residual_is_caught():
    network, expressions, forms = _results(2, False)
    wrong = Formulas(gradient=lambda E, a, w: 2 * E * a.T)
    with pytest.raises(VerificationError, match="exact level"):
        cross_check(network, wrong, expressions, forms, forms, instances(2))


@pytest.mark.parametrize("layers", [2, 3, 8, 50])
@pytest.mark.parametrize("batch", [False, True])
def test_cross_check_shapes_are_small_reproducible_and_include_all_ones(layers, batch):
    shapes = instances(layers, batch, seed=3)
    assert shapes == instances(layers, batch, seed=3)
    assert shapes[0].widths == (1,) * layers
    assert len(shapes) >= 3 and all(len(s.widths) == layers for s in shapes)
