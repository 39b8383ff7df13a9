"""The direct route: differentiate the composed cost itself (no backprop).

The cost is composed all the way down to the input and the weights,
``C(w_{L-1} ⋯ w_1 a_1, y)``, and that one scalar is differentiated by each
weight entry, a plain SymPy symbol. Differentiating by a ``MatrixSymbol``
instead can silently give zero when the cost was built from the matrix's
entries, so this route never does.
"""

from __future__ import annotations

import sympy

from .cost import Cost
from .errors import VerificationError
from .network import Network


def composed_cost(network: Network, cost: Cost) -> sympy.Expr:
    """``C`` as a polynomial in the input, the weights and the target.

    Example:
        >>> from .cost import SquaredError
        >>> composed_cost(Network([1, 1]), SquaredError())
        (a1_1*w1_1_1 - y_1)**2/2
    """
    return cost.value(network.activation(network.layers), network.target)


def direct_gradient(
    cost_expression: sympy.Expr, weight: sympy.MatrixBase
) -> sympy.ImmutableMatrix:
    """``∂C/∂w`` entry by entry, of ``w``'s shape (denominator layout).

    Raises:
        VerificationError: a derivative came out zero although the cost
            depends on that weight, which a polynomial cannot do.

    Example:
        >>> from .cost import SquaredError
        >>> net = Network([1, 1])
        >>> direct_gradient(composed_cost(net, SquaredError()), net.weight(1))
        Matrix([[a1_1*(a1_1*w1_1_1 - y_1)]])
    """
    present = cost_expression.free_symbols
    gradient = weight.applyfunc(lambda symbol: sympy.diff(cost_expression, symbol))
    for symbol, derivative in zip(weight, gradient):
        if derivative == 0 and symbol in present:
            raise VerificationError(
                f"∂C/∂{symbol} came out 0 although C depends on {symbol}"
            )
    return sympy.ImmutableMatrix(gradient)
