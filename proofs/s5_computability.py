"""Paper §5, conclusion: the gradient needs only computable quantities.

Claim: §4.2 assumes computable the input ``a_1``, the weights, the
activations, the target ``y`` and the slope of the cost at the output,
``∂C/∂a_L``. Backpropagation builds every ``∂C/∂w_n`` from these alone:
no other derivative of the cost, and no other quantity, is needed.

Checked, for each shape, with the cost left abstract: ``C`` is an
undefined SymPy function of the output entries, so nothing about it is
known except that it can be differentiated at the output. The gradient a
route returns (by default backpropagation, in SymPy) may mention the
symbols of ``a_1``, the weights and ``y`` (the activations are products of
these) and the entries of ``∂C/∂a_L`` at the network's output; any other
symbol, derivative or function application is reported.
"""

from __future__ import annotations

import sys

import sympy
from sympy.core.function import AppliedUndef

from proofs._step import ClaimFailed, quote, run_step
from symbackprop.backprop import backprop_gradients
from symbackprop.cost import Cost
from symbackprop.formulas import Formulas, SympyAlgebra
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.symbols import entry_matrix

SECTION = "5"
TITLE = "∂C/∂w_n needs only a_1, w, y, ∂C/∂a_L"
CLAIM = (
    "With the cost left abstract, the backprop gradient ∂C/∂w_n is built "
    "from a_1, the weights, the activations, y and ∂C/∂a_L alone: no other "
    "derivative and no other quantity appears."
)
LATEX = (
    r"\frac{\partial C}{\partial w_n} \in \mathrm{expr}\Bigl(a_1, w, a_n, y, "
    r"\frac{\partial C}{\partial a_L}\Bigr)"
)


class AbstractCost(Cost):
    """``C(a_L)``, an undefined function of the output entries: only its
    derivatives at the output can be named, never computed further."""

    name = "abstract"
    latex = r"C(a_L)"
    function = sympy.Function("C")

    def value(self, output, target):
        return self.function(*output)

    def slope(self, output, target):
        free = entry_matrix("o", None, *output.shape)
        cost = self.value(free, target)
        return sympy.ImmutableMatrix(
            free.applyfunc(
                lambda symbol: sympy.diff(cost, symbol).subs(dict(zip(free, output)))
            )
        )


def backprop_route(network: Network, cost: Cost) -> list:
    """``∂C/∂w_n`` by backpropagation (paper §5) in SymPy, starting from
    ``E_L = ∂C/∂a_L`` at the output."""
    output = network.activation(network.layers)
    return backprop_gradients(
        network.widths,
        Formulas(),
        SympyAlgebra(),
        network.weights,
        network.activations,
        cost.slope(output, network.target),
    )


def check(widths: tuple[int, ...], route=backprop_route) -> None:
    """Check that the gradient uses only computable quantities (§5).

    Args:
        widths: ``d_1 … d_L``.
        route: ``f(network, cost)``, the gradients ``∂C/∂w_1 … ∂C/∂w_{L-1}``.

    Raises:
        ClaimFailed: a gradient mentions a quantity outside the list of
            §4.2, or has the wrong shape.

    Example:
        >>> check((2, 3, 2))
    """
    network = Network(widths)
    cost = AbstractCost()
    output = network.activation(network.layers)

    # the computable quantities: their symbols, and ∂C/∂a_L as placeholders
    slope = cost.slope(output, network.target)
    placeholders = {
        entry: sympy.Symbol(f"dC/da_L[{i + 1}]") for i, entry in enumerate(slope)
    }
    allowed = set(network.symbols()) | set(placeholders.values())

    gradients = route(network, cost)
    for n, gradient in enumerate(gradients, start=1):
        if isinstance(gradient, Exception):
            raise ClaimFailed(f"∂C/∂w_{n} could not be formed: {gradient}")
        if tuple(gradient.shape) != network.weight_shape(n):
            raise ClaimFailed(
                f"∂C/∂w_{n} is {gradient.shape[0]}×{gradient.shape[1]}, but w_{n} "
                f"is {network.weight_shape(n)[0]}×{network.weight_shape(n)[1]}"
            )
        for position, entry in enumerate(sympy.ImmutableMatrix(gradient)):
            named = sympy.sympify(entry).xreplace(placeholders)
            i, j = divmod(position, gradient.shape[1])
            where = f"entry ({i + 1},{j + 1}) of ∂C/∂w_{n}"
            uncomputable = named.atoms(sympy.Derivative, sympy.Subs) or named.atoms(
                AppliedUndef
            )
            if uncomputable:
                first = sorted(uncomputable, key=sympy.default_sort_key)[0]
                raise ClaimFailed(
                    f"{where} needs {quote(first)}, which is not ∂C/∂a_L at the "
                    "output nor any other quantity assumed computable",
                    needs=first,
                )
            stray = named.free_symbols - allowed
            if stray:
                raise ClaimFailed(
                    f"{where} needs {', '.join(sorted(map(str, stray)))}, which is "
                    "not among a_1, the weights, y and ∂C/∂a_L",
                    needs=sorted(map(str, stray)),
                )


def run(quick: bool = False, shapes=None, **ingredients) -> StepResult:
    """Check this step on every shape (or the quick subset, or ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
