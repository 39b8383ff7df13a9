"""How big an exact expansion will be, worked out before it starts.

Without activations, entry ``k`` of the output ``a_L`` is a sum over paths
through the network: one index per layer from the input to layer ``L-1``,
so it has ``P = d_1 d_2 ⋯ d_{L-1}`` monomials. The cost squares each output
entry, giving about ``d_L · P²`` products to expand, and every weight's
derivative touches a share of them. Exact engines use this count to
forecast their time and to refuse jobs that would not finish.
"""

from __future__ import annotations

from math import prod

from ..network import Network


def path_count(network: Network) -> int:
    """``P``: monomials in one entry of ``a_L`` for a single example.

    Example:
        >>> path_count(Network([4, 4, 4, 4]))
        64
    """
    return prod(network.widths[:-1])


def expansion_terms(network: Network) -> int:
    """Products formed when the cost and its derivatives are expanded.

    Example:
        >>> expansion_terms(Network([2, 3, 2]))
        72
    """
    return network.widths[-1] * path_count(network) ** 2 * network.columns


def generator_count(network: Network) -> int:
    """Symbols of the network: input, weights and target entries.

    Example:
        >>> generator_count(Network([2, 3, 2]))
        16
    """
    return (network.widths[0] + network.widths[-1]) * network.columns + (
        network.weight_count
    )


def derivative_work(network: Network) -> int:
    """Products expanded, times weights differentiated by.

    The exact engines differentiate the composed cost (about
    :func:`expansion_terms` monomials) by every weight and evaluate as many
    formula entries of similar size, so their run time grows with this
    product; measured, it hardly depends on anything else.

    Example:
        >>> derivative_work(Network([2, 3, 2]))
        864
    """
    return network.weight_count * expansion_terms(network)


def magnitude(count: int) -> str:
    """A count in two significant digits, however large.

    Example:
        >>> magnitude(5_531_904_000), magnitude(37 * 10**400)
        ('5.5e+09', '3.7e+401')
    """
    try:
        return f"{count:.2g}"
    except OverflowError:
        digits = str(count)
        return f"{digits[0]}.{digits[1]}e+{len(digits) - 1}"
