"""A network of linear layers, as in the paper's §2 and §4.1.

The paper numbers layers from 1 (the input) to ``L`` (the output); the
weight matrix ``w_n`` carries layer ``n`` to layer ``n + 1`` by
``a_{n+1} = w_n a_n``. There are no biases and no activation functions, so
every activation is a polynomial in the input and the weights.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from functools import cached_property

import sympy

from .errors import InvalidInput
from .symbols import entries, entry_matrix


def check_widths(widths: Sequence[object]) -> tuple[int, ...]:
    """Validate layer widths, input first, and return them as a tuple.

    Args:
        widths: the width ``d_n`` of each layer, ``d_1`` (input) first.

    Returns:
        The widths as a tuple of ints.

    Raises:
        InvalidInput: fewer than two layers, or a width that is not a
            positive integer.

    Example:
        >>> check_widths([2, 3, 2])
        (2, 3, 2)
    """
    try:
        widths = tuple(widths)
    except TypeError:
        raise InvalidInput(
            f"widths must be a list of integers, got {type(widths).__name__}"
        ) from None
    if len(widths) < 2:
        raise InvalidInput(
            f"a network needs at least 2 layers (input and output), got {len(widths)}"
        )
    for position, width in enumerate(widths, start=1):
        if isinstance(width, bool) or not isinstance(width, numbers.Integral):
            raise InvalidInput(
                f"width of layer {position} must be an integer, got {width!r}"
            )
        if width < 1:
            raise InvalidInput(
                f"width of layer {position} must be at least 1, got {width}"
            )
    return tuple(int(width) for width in widths)


class Network:
    """Symbolic input, weights, target and activations of a linear network.

    Args:
        widths: ``[d_1, ..., d_L]``, input first; ``L >= 2``, each ``d_n >= 1``.
        batch: number of columns of the input and the target; ``None`` (the
            default) means a single example, a column vector.

    The symbols are made when first asked for, so a network of millions of
    weights costs nothing until an engine that needs them touches them.

    Example:
        >>> net = Network([2, 3, 2])
        >>> net.layers, net.weight(1).shape, net.activation(3).shape
        (3, (3, 2), (2, 1))
        >>> net.weight(2)[0, 2]
        w2_1_3
    """

    def __init__(self, widths: Sequence[int], batch: int | None = None) -> None:
        self.widths = check_widths(widths)
        if batch is not None and (
            isinstance(batch, bool) or not isinstance(batch, int) or batch < 1
        ):
            raise InvalidInput(f"batch size must be a positive integer, got {batch!r}")
        self.batch = batch

    def __repr__(self) -> str:
        batch = "" if self.batch is None else f", batch={self.batch}"
        return f"Network({list(self.widths)}{batch})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Network):
            return NotImplemented
        return (self.widths, self.batch) == (other.widths, other.batch)

    def __hash__(self) -> int:
        return hash((self.widths, self.batch))

    @property
    def layers(self) -> int:
        """``L``, the number of layers, input and output included."""
        return len(self.widths)

    @property
    def columns(self) -> int:
        """Columns of every activation: 1, or the batch size."""
        return 1 if self.batch is None else self.batch

    @property
    def weight_count(self) -> int:
        """Number of scalar weights, ``Σ d_{n+1} d_n``."""
        return sum(d_in * d_out for d_in, d_out in zip(self.widths, self.widths[1:]))

    def weight_shape(self, n: int) -> tuple[int, int]:
        """Shape ``(d_{n+1}, d_n)`` of ``w_n``, for ``1 <= n <= L - 1``."""
        self._check_weight_index(n)
        return self.widths[n], self.widths[n - 1]

    @cached_property
    def input(self) -> sympy.ImmutableMatrix:
        """``a_1``, ``d_1 × 1`` (or ``d_1 × B``) symbols ``a1_i`` (``a1_i_b``)."""
        return entry_matrix(
            "a", 1, self.widths[0], self.columns, vector=self.batch is None
        )

    @cached_property
    def target(self) -> sympy.ImmutableMatrix:
        """``y``, the target, of the output's shape, symbols ``y_i`` (``y_i_b``)."""
        return entry_matrix(
            "y", None, self.widths[-1], self.columns, vector=self.batch is None
        )

    @cached_property
    def weights(self) -> tuple[sympy.ImmutableMatrix, ...]:
        """``(w_1 ... w_{L-1})``; ``w_n`` is ``d_{n+1} × d_n``, entries ``w{n}_i_j``."""
        return tuple(
            entry_matrix("w", n, *self.weight_shape(n)) for n in range(1, self.layers)
        )

    @cached_property
    def activations(self) -> tuple[sympy.ImmutableMatrix, ...]:
        """``(a_1, ..., a_L)`` by the forward rule ``a_{n+1} = w_n a_n`` (§4.1)."""
        activations = [self.input]
        for weight in self.weights:
            activations.append(weight * activations[-1])
        return tuple(activations)

    def weight(self, n: int) -> sympy.ImmutableMatrix:
        """``w_n``, numbered from 1 as in the paper."""
        self._check_weight_index(n)
        return self.weights[n - 1]

    def activation(self, n: int) -> sympy.ImmutableMatrix:
        """``a_n``, numbered from 1 (the input) to ``L`` (the output)."""
        if not 1 <= n <= self.layers:
            raise InvalidInput(
                f"layer {n} does not exist: layers are 1 to {self.layers}"
            )
        return self.activations[n - 1]

    def symbols(self) -> list[sympy.Symbol]:
        """Every symbol of the network: input, weights, then target."""
        matrices = [self.input, *self.weights, self.target]
        return [symbol for matrix in matrices for symbol in entries(matrix)]

    def _repr_latex_(self) -> str:
        """Jupyter's rich display, in SymPy's ``$\\displaystyle ...$`` style."""
        from .render.latex import network_latex

        return network_latex(self)

    def _check_weight_index(self, n: int) -> None:
        if not 1 <= n <= self.layers - 1:
            raise InvalidInput(
                f"weight matrix w_{n} does not exist: "
                f"they are w_1 to w_{self.layers - 1}"
            )
