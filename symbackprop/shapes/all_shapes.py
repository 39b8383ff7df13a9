"""The all-shapes level: the backprop identities for every width at once.

The widths are symbols ``n_1 ... n_L`` (and ``B`` for a batch), the input,
weights and target are matrix symbols (:mod:`.symbolic_network`), and the
cost is ``C = ½ tr((a_L − y)ᵀ(a_L − y))``. For every weight matrix:

1. *direct*: ``∂C/∂w_n`` by SymPy's matrix calculus, refused if it is not a
   matrix of ``w_n``'s shape and checked against an independent derivation
   (:mod:`.matrix_calculus`);
2. *backprop*: ``E_L = ∂C/∂a_L`` by the same matrix calculus on a fresh
   output symbol, with ``a_L = w_{L-1} ⋯ w_1 a_1`` then substituted; the
   candidate error and gradient formulas are run on matrices of symbolic
   shape (paper §5);
3. *compare*: the difference is put in the normal form of
   :mod:`.normal_form`; the formula is proved for all shapes exactly when
   no term is left, and otherwise the residual is the counterexample;
4. *cross-check*: every result is instantiated at small concrete widths and
   compared entry by entry with the exact level (:mod:`.cross_check`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import sympy

from ..backprop import backprop_gradients
from ..engines.base import shape_failure
from ..formulas import (
    ErrorFormula,
    Formulas,
    FormulaShapeError,
    GradientFormula,
    check_error_formula_used,
    evaluate,
    paper_error,
    paper_gradient,
)
from ..report import Counterexample, LayerResult, Report
from .cross_check import cross_check, instances
from .matrix_calculus import matrix_gradient
from .normal_form import NormalFormAlgebra, ShapeMismatch, normal_form
from .symbolic_network import SymbolicNetwork, symbolic_network

#: deepest network whose whole composed cost SymPy differentiates; beyond
#: it, SymPy differentiates C as a function of w_n alone (see _direct_cost)
WHOLE_COST_LAYERS = 12


@dataclass(frozen=True)
class SymbolicShapeFormulas(Formulas):
    """:class:`Formulas` whose expressions are also checked for shapes that
    fit inside, which SymPy does not do when the widths are symbols."""

    def gradient_expression(self, n, weight_shape, columns=1):
        expression = super().gradient_expression(n, weight_shape, columns)
        return _fits(expression, f"∂C/∂w_{n}")

    def error_expression(self, n, weight_shape, columns=1):
        expression = super().error_expression(n, weight_shape, columns)
        return _fits(expression, f"E_{n}")


def _fits(expression: sympy.MatrixExpr, what: str) -> sympy.MatrixExpr:
    try:
        normal_form(expression)
    except ShapeMismatch as mismatch:
        raise FormulaShapeError(f"the formula for {what}: {mismatch}") from None
    return expression


def verify_all_shapes(
    layers: int,
    batch: bool = False,
    gradient: GradientFormula | None = None,
    error: ErrorFormula | None = None,
    seed: int = 0,
) -> Report:
    """Check backpropagation for ``L`` layers of every width at once.

    Args:
        layers: ``L``, input and output included (2 to 64).
        batch: the input and target have ``B`` columns, ``B`` a symbol, and
            the cost is half the squared Frobenius norm.
        gradient: a candidate ``f(E_next, a_n, w_n)`` for ``∂C/∂w_n``; the
            paper's ``E_{n+1} a_nᵀ`` when omitted.
        error: a candidate ``g(w_n, E_next)`` for ``E_n``; the paper's
            ``w_nᵀ E_{n+1}`` when omitted.
        seed: chooses the random concrete widths of the cross-check.

    Returns:
        A :class:`~symbackprop.report.Report` with ``level`` and ``method``
        ``"all-shapes"`` and ``shape`` ``None``. A wrong formula gives a
        failed report whose counterexample holds the normal-form residual.

    Raises:
        InvalidInput: ``layers`` out of range, a formula that is not
            callable.
        VerificationError: SymPy's matrix calculus, the normal form and the
            exact level at concrete widths do not all agree.

    Example:
        >>> verify_all_shapes(3).ok
        True
        >>> report = verify_all_shapes(2, gradient=lambda E, a, w: 2 * E * a.T)
        >>> report.ok, report.counterexample.residual
        (False, -(w_1*a_1*a_1.T) + y*a_1.T)
    """
    start = time.perf_counter()
    network = symbolic_network(layers, batch)
    check_error_formula_used(error, layers)
    formulas = SymbolicShapeFormulas(
        gradient=paper_gradient if gradient is None else gradient,
        error=paper_error if error is None else error,
    )
    algebra = NormalFormAlgebra()

    # E_L = ∂C/∂a_L on a fresh output symbol (paper §4.2), then a_L substituted
    output = sympy.MatrixSymbol(f"a_{layers}", network.widths[-1], network.columns)
    slope, _ = matrix_gradient(network.cost(output), output)
    activations = [normal_form(activation) for activation in network.activations]
    values = {output: activations[-1], network.target: normal_form(network.target)}
    last_error = evaluate(slope, values, algebra)

    # the backprop route, on matrices of symbolic shape (paper §5)
    weights = [normal_form(weight) for weight in network.weights]
    formula_forms = backprop_gradients(
        network.widths,
        formulas,
        algebra,
        weights,
        activations,
        last_error,
        network.columns,
    )

    # the direct route, and the comparison in the normal form
    cost_form = normal_form(network.cost())
    direct_expressions, direct_forms, seconds = {}, {}, {}
    for n in range(1, layers):
        layer_start = time.perf_counter()
        expression, form = _direct_gradient(network, n, cost_form)
        direct_expressions[n], direct_forms[n] = expression, form
        seconds[n] = time.perf_counter() - layer_start
    proved = {
        n: form
        for n, form in enumerate(formula_forms, 1)
        if not isinstance(form, FormulaShapeError)
    }

    # the cross-check at concrete widths, against the exact level
    shapes = instances(layers, batch, seed)
    check_start = time.perf_counter()
    evidence = cross_check(
        network, formulas, direct_expressions, direct_forms, proved, shapes
    )
    check_seconds = time.perf_counter() - check_start

    layer_results = []
    for n, form in enumerate(formula_forms, 1):
        shape = network.weight_shape(n)
        if isinstance(form, FormulaShapeError):
            layer_results.append(shape_failure(n, shape, form, None, seconds[n]))
            continue
        residual = direct_forms[n] - form
        counterexample = None
        if not residual.is_zero:
            counterexample = Counterexample(
                layer=n,
                entry=None,
                direct=direct_forms[n].to_expr(),
                formula=form.to_expr(),
                residual=residual.to_expr(),
                message=(
                    f"∂C/∂w_{n} − ({sympy.sstr(candidate(formulas, network, n))}) "
                    "is not zero in the normal form"
                ),
                extra={
                    "residual (normal form)": sympy.sstr(residual.to_expr()),
                    "confirmed at widths": evidence[n].witnesses[0],
                },
            )
        layer_results.append(
            LayerResult(
                n,
                shape,
                counterexample is None,
                evidence[n].entries,
                seconds[n],
                counterexample,
            )
        )

    return Report(
        ok=all(layer.ok for layer in layer_results),
        method="all-shapes",
        level="all-shapes",
        shape=None,
        layers=layer_results,
        formulas=formulas.describe(),
        cost="squared-error",
        batch=network.batch,
        seconds=time.perf_counter() - start,
        details={
            "widths": list(network.widths),
            "cost_formula": "C = 1/2 tr((a_L - y).T (a_L - y))",
            "E_L": f"{sympy.sstr(slope)} (SymPy's matrix calculus by a fresh a_L, "
            "checked by an independent derivation), then a_L = w_{L-1}...w_1 a_1",
            "direct": _direct_description(layers),
            "cross_check_shapes": [instance.text() for instance in shapes],
            "cross_check_seconds": round(check_seconds, 3),
        },
    )


def _direct_cost(network: SymbolicNetwork, n: int) -> tuple[Any, dict[Any, Any]]:
    """The cost SymPy differentiates by ``w_n``, and what to substitute after.

    Up to :data:`WHOLE_COST_LAYERS` layers it is the whole composed cost.
    Deeper, SymPy's time per derivative grows with ``L``, so the layers
    after ``w_n`` are held as one matrix symbol ``P`` and ``a_n`` as another
    ``A``: ``C = ½ tr((P w_n A − y)ᵀ(P w_n A − y))``. Neither involves
    ``w_n``, so by the chain rule ``∂C/∂w_n`` is SymPy's derivative of that
    with the products put back.
    """
    if network.layers <= WHOLE_COST_LAYERS:
        return network.cost(), {}
    weight = network.weights[n - 1]
    columns = network.columns
    activation = network.activations[n - 1]
    held, replaced = sympy.MatrixSymbol("A", weight.shape[1], columns), {}
    replaced[held] = activation
    output = weight * held
    if n < network.layers - 1:
        after = sympy.MatrixSymbol("P", network.widths[-1], weight.shape[0])
        replaced[after] = sympy.MatMul(*reversed(network.weights[n:]))
        output = after * output
    return network.cost(output), replaced


def _direct_gradient(network: SymbolicNetwork, n: int, cost_form):
    cost, replaced = _direct_cost(network, n)
    return matrix_gradient(cost, network.weights[n - 1], cost_form, replaced)


def candidate(formulas: Formulas, network: SymbolicNetwork, n: int) -> Any:
    """The candidate gradient formula for ``w_n``, in ``E_{n+1}``, ``a_n``,
    ``w_n``."""
    shape = network.weight_shape(n)
    return formulas.gradient_expression(n, shape, network.columns)


def _direct_description(layers: int) -> str:
    if layers <= WHOLE_COST_LAYERS:
        return "sympy.diff(C, w_n) of the whole composed cost"
    return (
        "sympy.diff(C, w_n) with a_n and w_{L-1}...w_{n+1} held as matrix symbols "
        "A and P, then put back (chain rule)"
    )
