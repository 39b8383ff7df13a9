"""The network of paper §2 and §4.1: shapes, symbols and the forward rule."""

from __future__ import annotations

import pytest
import sympy

from symbackprop import InvalidInput, Network
from symbackprop.symbols import entry


@pytest.mark.parametrize("widths", [[1, 1], [2, 3, 2], [4, 3, 3, 2], [1, 5, 1]])
def test_weight_n_is_next_width_by_this_width(widths):
    net = Network(widths)
    for n in range(1, len(widths)):
        assert net.weight(n).shape == (widths[n], widths[n - 1])
    assert net.input.shape == (widths[0], 1)
    assert net.target.shape == (widths[-1], 1)


@pytest.mark.parametrize("widths", [[2, 3, 2], [3, 1, 4]])
def test_forward_rule_multiplies_by_each_weight(widths):
    net = Network(widths)
    for n in range(1, len(widths)):
        assert net.activation(n + 1) == net.weight(n) * net.activation(n)


def test_every_symbol_is_distinct():
    net = Network([3, 12, 2])
    symbols = net.symbols()
    assert len(symbols) == len(set(symbols)) == 3 + 36 + 24 + 2


def test_batch_makes_activations_matrices():
    net = Network([2, 3], batch=4)
    assert net.input.shape == (2, 4)
    assert net.activation(2).shape == (3, 4)
    assert net.target.shape == (3, 4)


def test_multi_digit_indices_print_unambiguously():
    # w_1 entry (1,11) against w_11 entry (1,1): plain, LaTeX and Unicode
    first, second = entry("w", 1, (1, 11)), entry("w", 11, (1, 1))
    assert first != second
    assert str(first) != str(second)
    assert sympy.latex(first) == "(w_{1})_{1,11}"
    assert sympy.latex(second) == "(w_{11})_{1,1}"
    assert sympy.pretty(first) != sympy.pretty(second)


def test_entry_latex_survives_powers_and_transposes():
    w = entry("w", 1, (1, 11))
    assert sympy.latex(w**2) == "(w_{1})_{1,11}^{2}"
    assert sympy.latex(-w * entry("a", 1, (2,))) == "- (a_{1})_{2} (w_{1})_{1,11}"


@pytest.mark.parametrize(
    "widths, message",
    [
        ([3], "at least 2 layers"),
        ([], "at least 2 layers"),
        ([2, 0, 2], "at least 1"),
        ([2, -1], "at least 1"),
        ([2, 2.5], "must be an integer"),
        ([2, "3"], "must be an integer"),
        ([True, 2], "must be an integer"),
    ],
)
def test_bad_widths_are_refused(widths, message):
    with pytest.raises(InvalidInput, match=message):
        Network(widths)


@pytest.mark.parametrize("batch", [0, -2, 1.5, True])
def test_bad_batch_is_refused(batch):
    with pytest.raises(InvalidInput, match="batch"):
        Network([2, 2], batch=batch)


def test_layers_outside_the_network_are_refused():
    net = Network([2, 3, 2])
    with pytest.raises(InvalidInput, match="w_3 does not exist"):
        net.weight(3)
    with pytest.raises(InvalidInput, match="layer 0 does not exist"):
        net.activation(0)


def test_numpy_and_sympy_integers_are_widths():
    numpy = pytest.importorskip("numpy")
    net = Network(numpy.array([2, 3]))
    assert net.widths == (2, 3)
    assert Network([sympy.Integer(2), numpy.int64(1)]).widths == (2, 1)


@pytest.mark.parametrize("widths", [5, None])
def test_widths_that_are_not_a_list_are_refused(widths):
    with pytest.raises(InvalidInput, match="list of integers"):
        Network(widths)
