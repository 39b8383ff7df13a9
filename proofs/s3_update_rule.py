"""Paper §3: a small enough gradient step does not increase the cost.

Claim: update every weight matrix by ``w_n ← w_n − α ∂C/∂w_n``. As a
function of the step size ``α``, the cost after the update has slope
``−Σ_n ‖∂C/∂w_n‖²_F`` at ``α = 0``: minus a sum of squares, so never
positive, and negative wherever some gradient is not zero. So for a small
enough ``α`` one step lowers ``C`` (or leaves it unchanged at a stationary
point).

Checked, for each shape: the slope at ``α = 0`` is computed exactly as the
coefficient of ``α`` in ``C(w − α ∇C)``, by evaluating the network with
numbers of the form ``u + α v`` where ``α² = 0`` (dual numbers over the
polynomial ring), and compared as a polynomial with ``−Σ ‖∂C/∂w_n‖²_F``;
and, at one point with rational input, weights and target drawn with a
fixed seed, a step ``α = 2⁻ᵏ`` strictly lowers ``C`` in exact rational
arithmetic. For symbolic widths ``n_1 … n_L`` (``check_all_shapes``),
the slope is computed to first order in ``α`` in the normal form and
compared with ``−Σ_n tr(∂C/∂w_nᵀ ∂C/∂w_n)``.
"""

from __future__ import annotations

import random
import sys
from typing import Any

import flint
import numpy
import sympy

from proofs._exact import ExactNetwork
from proofs._shapes import SEED
from proofs._step import ClaimFailed, formula_value, require_equal, run_step
from proofs._symbolic import formula_form, require_same, weight_gradient
from symbackprop.formulas import SympyAlgebra, evaluate
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.shapes import MatrixPolynomial, normal_form, symbolic_network

SECTION = "3"
TITLE = "a small step w − α∂C/∂w lowers C"
CLAIM = (
    "Updating every w_n to w_n − α ∂C/∂w_n changes the cost with slope "
    "−Σ_n ‖∂C/∂w_n‖²_F ≤ 0 at α = 0, so a small enough step does not increase "
    "C, and a concrete step strictly lowers it."
)
LATEX = (
    r"\frac{d}{d\alpha} C\bigl(w - \alpha \tfrac{\partial C}{\partial w}\bigr)"
    r"\Big|_{\alpha=0} = -\sum_n \Bigl\lVert \frac{\partial C}{\partial w_n}"
    r"\Bigr\rVert_F^2 \le 0"
)

#: the deepest network checked for symbolic widths (the expansion of the
#: updated cost grows fastest of all the steps)
DEEPEST = 4

#: the step size, a scalar symbol at the all-shapes level
ALPHA = sympy.Symbol("alpha")

#: the largest ``k`` tried for the step ``α = 2⁻ᵏ`` in the concrete instance
MAX_HALVINGS = 60


def paper_update(weight, gradient, step):
    """``w − α ∂C/∂w`` (paper §3), on matrix symbols; ``step`` is ``α I``
    of the gradient's row count, so the formula stays a matrix product."""
    return weight - step * gradient


class Dual:
    """``value + α·slope`` with ``α² = 0``: exact first-order arithmetic.

    Example:
        >>> (Dual(3, 1) * Dual(2, 5)).parts()
        (6, 17)
    """

    def __init__(self, value: Any, slope: Any) -> None:
        self.value, self.slope = value, slope

    def parts(self) -> tuple[Any, Any]:
        return self.value, self.slope

    def __add__(self, other: Any) -> Dual:
        other = _dual(other)
        return Dual(self.value + other.value, self.slope + other.slope)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Dual:
        other = _dual(other)
        return Dual(self.value - other.value, self.slope - other.slope)

    def __rsub__(self, other: Any) -> Dual:
        return _dual(other) - self

    def __mul__(self, other: Any) -> Dual:
        other = _dual(other)
        return Dual(
            self.value * other.value,
            self.value * other.slope + self.slope * other.value,
        )

    __rmul__ = __mul__

    def __pow__(self, power: int) -> Dual:
        result = Dual(1, 0)
        for _ in range(power):
            result = result * self
        return result


def _dual(value: Any) -> Dual:
    return value if isinstance(value, Dual) else Dual(value, 0)


def _duals(values: numpy.ndarray, slopes: numpy.ndarray) -> numpy.ndarray:
    result = numpy.empty(values.shape, dtype=object)
    for position in numpy.ndindex(values.shape):
        result[position] = Dual(values[position], slopes[position])
    return result


def check(widths: tuple[int, ...], update=paper_update) -> None:
    """Check §3's update rule for one network shape.

    Args:
        widths: ``d_1 … d_L``.
        update: ``f(w_n, ∂C/∂w_n, αI)`` on matrix symbols, the updated
            weight; the paper's is ``w_n − α ∂C/∂w_n``.

    Raises:
        ClaimFailed: the slope at ``α = 0`` is not ``−Σ ‖∂C/∂w_n‖²_F``, or
            no step ``α = 2⁻ᵏ`` lowers the cost at the concrete point.

    Example:
        >>> check((2, 3, 2))
    """
    network = Network(widths)
    exact = ExactNetwork(network)
    algebra = exact.algebra
    zero = exact.ring.constant(0)

    # the gradients ∂C/∂w_n, by differentiating the composed cost
    weights = exact.weights
    cost = exact.cost(exact.forward(1, exact.input)[-1])
    gradients = [exact.gradient(cost, weight) for weight in network.weights]

    # the update as a first-order polynomial in α: w_n(α) = w_n + α v_n
    moved = []
    for n, (weight, gradient) in enumerate(zip(weights, gradients), start=1):
        rows, cols = weight.shape
        one = algebra.identity(rows)
        plus_alpha = formula_value(
            update,
            _update_symbols(n, rows, cols, weight, gradient, one),
            (rows, cols),
            f"the updated w_{n}",
            algebra,
        )
        at_zero = formula_value(
            update,
            _update_symbols(n, rows, cols, weight, gradient, algebra.zeros(rows, rows)),
            (rows, cols),
            f"the updated w_{n}",
            algebra,
        )
        moved.append(_duals(at_zero, plus_alpha - at_zero))

    # C(w(α)) to first order in α: its α-coefficient is the slope at α = 0
    inputs = _duals(exact.input, algebra.zeros(widths[0], 1))
    output = exact.forward(1, inputs, moved)[-1]
    slope = _dual_cost(exact, output).slope
    expected = zero
    for gradient in gradients:
        for entry in gradient.flat:
            expected = expected - entry * entry
    require_equal(
        "d/dα C(w − α∂C/∂w) at α = 0",
        algebra.matrix(1, 1, [slope]),
        algebra.matrix(1, 1, [expected]),
        "the updated network",
        "−Σ‖∂C/∂w_n‖²_F",
        exact.to_sympy,
    )

    _check_concrete_step(exact, gradients, update)


def _update_symbols(n, rows, cols, weight, gradient, step):
    return [
        (sympy.MatrixSymbol(f"w_{n}", rows, cols), weight),
        (sympy.MatrixSymbol(f"dC/dw_{n}", rows, cols), gradient),
        (sympy.MatrixSymbol("alpha", rows, rows), step),
    ]


def _dual_cost(exact: ExactNetwork, output: numpy.ndarray) -> Dual:
    """½‖a_L − y‖² on dual numbers (the paper's cost, §2)."""
    total = Dual(exact.ring.constant(0), exact.ring.constant(0))
    for entry, target in zip(output.flat, exact.target.flat):
        residual = entry - target
        total = total + residual * residual
    half = exact.ring.constant(sympy.Rational(1, 2))
    return Dual(half * total.value, half * total.slope)


def _check_concrete_step(exact: ExactNetwork, gradients: list, update) -> None:
    """One step ``α = 2⁻ᵏ`` from a seeded rational point lowers the cost."""
    network = exact.network
    generator = random.Random(f"{SEED}-{network.widths}")
    point = {
        symbol: sympy.Rational(generator.randint(-3, 3), generator.randint(1, 2))
        for symbol in network.symbols()
    }
    arguments = [flint.fmpq(int(value.p), int(value.q)) for value in point.values()]

    def at_point(matrix: numpy.ndarray) -> sympy.ImmutableMatrix:
        values = [sympy.Rational(str(entry(*arguments))) for entry in matrix.flat]
        return sympy.ImmutableMatrix(*matrix.shape, values)

    def cost(weights: list[sympy.ImmutableMatrix]) -> sympy.Rational:
        activation = network.input.xreplace(point)
        for weight in weights:
            activation = weight * activation
        residual = activation - network.target.xreplace(point)
        return sympy.Rational(1, 2) * sum(entry**2 for entry in residual)

    gradients = [at_point(gradient) for gradient in gradients]
    if all(entry == 0 for gradient in gradients for entry in gradient):
        return  # a stationary point: no step can lower C, and none is claimed
    weights = [weight.xreplace(point) for weight in network.weights]
    before = cost(weights)

    # the update formula, formed once per layer with α as a 1×1 step matrix
    updates = []
    for n, (weight, gradient) in enumerate(zip(weights, gradients), start=1):
        rows, cols = weight.shape
        arguments = _update_symbols(n, rows, cols, weight, gradient, None)
        expression = update(*[symbol for symbol, _ in arguments])
        updates.append((expression, arguments))

    for k in range(MAX_HALVINGS + 1):
        alpha = sympy.Rational(1, 2**k)
        moved = []
        for expression, arguments in updates:
            values = dict(arguments)
            step = arguments[2][0]
            values[step] = sympy.ImmutableMatrix.eye(step.rows) * alpha
            moved.append(evaluate(expression, values, SympyAlgebra()))
        if cost(moved) < before:
            return
    text = ", ".join(f"{symbol}={value}" for symbol, value in point.items())
    raise ClaimFailed(
        f"no step α = 2^-k (k ≤ {MAX_HALVINGS}) lowers C = {before} at the point "
        f"{text}",
        point=text,
    )


def check_all_shapes(layers: int, update=paper_update) -> None:
    """Check the slope of §3's update for symbolic widths ``n_1 … n_L``.

    The gradients ``∂C/∂w_n`` come from SymPy's matrix calculus (checked
    against the independent derivation); the update is run on matrix
    symbols with the step ``α I``, ``α`` a scalar symbol; the cost of the
    updated network is expanded in the normal form to first order in ``α``
    (terms in ``α²`` dropped after every product, as dual numbers do), and
    its ``α`` coefficient is compared with ``−Σ_n tr(∂C/∂w_nᵀ ∂C/∂w_n)``.
    (The concrete decreasing step needs numbers, so it is exact-level.)

    Args:
        layers: ``L``.
        update: ``f(w_n, ∂C/∂w_n, αI)`` on matrix symbols.

    Raises:
        ClaimFailed: the update does not fit the symbolic shapes, or the
            slope's residual against ``−Σ ‖∂C/∂w_n‖²_F`` is not zero.

    Example:
        >>> check_all_shapes(3)
    """
    network = symbolic_network(layers)
    gradients = [weight_gradient(layers, n) for n in range(1, layers)]

    # the updated weights, polynomials of degree ≤ 1 in α
    moved = []
    for n, (weight, gradient) in enumerate(zip(network.weights, gradients), 1):
        rows, cols = weight.shape
        symbols = _update_symbols(n, rows, cols, normal_form(weight), gradient, None)
        symbols[2] = (symbols[2][0], MatrixPolynomial.identity(rows).scale(ALPHA))
        moved.append(formula_form(update, symbols, (rows, cols), f"the updated w_{n}"))

    # C(w(α)) to first order in α, and its α coefficient
    output = normal_form(network.input)
    for weight in moved:
        output = _first_order(weight @ output)
    residual = output - normal_form(network.target)
    cost = _first_order((residual.T @ residual).trace().scale(sympy.Rational(1, 2)))
    slope = MatrixPolynomial(
        cost.shape,
        {term: value.coeff(ALPHA, 1) for term, value in cost.terms.items()},
        scalar=True,
    )
    expected = MatrixPolynomial.number(0)
    for gradient in gradients:
        expected = expected - (gradient.T @ gradient).trace()
    require_same(
        "d/dα C(w − α∂C/∂w) at α = 0",
        slope,
        expected,
        "the updated network",
        "−Σ‖∂C/∂w_n‖²_F",
    )


def _first_order(form: MatrixPolynomial) -> MatrixPolynomial:
    """``form`` with every term of degree 2 or more in ``α`` dropped."""
    terms = {}
    for term, value in form.terms.items():
        value = sympy.expand(value)
        terms[term] = value.coeff(ALPHA, 0) + ALPHA * value.coeff(ALPHA, 1)
    return MatrixPolynomial(form.shape, terms, form.scalar)


def run(quick: bool = False, shapes=None, depths=None, **ingredients) -> StepResult:
    """Check this step for symbolic widths at each depth, then on every
    concrete shape (or the quick subsets, or ``depths`` and ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, depths, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
