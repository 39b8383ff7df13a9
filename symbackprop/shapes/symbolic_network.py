"""A linear network whose widths are symbols (paper §2 and §4.1).

The widths ``n_1 ... n_L`` (and the batch size ``B``) are positive
integer symbols; the input ``a_1``, the weights ``w_n`` (``n_{n+1} × n_n``)
and the target ``y`` are SymPy ``MatrixSymbol``s of those sizes, and the
activations are the products ``a_{n+1} = w_n a_n``. A statement proved
about these objects holds for every choice of widths at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from ..errors import InvalidInput

#: deepest symbolic network accepted; the work grows polynomially in ``L``
MAX_LAYERS = 64


@dataclass(frozen=True)
class SymbolicNetwork:
    """Input, weights, target, activations and cost for symbolic widths.

    Attributes:
        widths: the symbols ``n_1 ... n_L``.
        batch: the symbol ``B``, or ``None`` for a single example.
        input: ``a_1``, ``n_1 × 1`` (or ``n_1 × B``).
        weights: ``w_1 ... w_{L-1}``, ``w_n`` being ``n_{n+1} × n_n``.
        target: ``y``, ``n_L × 1`` (or ``n_L × B``).
    """

    widths: tuple[sympy.Symbol, ...]
    batch: sympy.Symbol | None
    input: sympy.MatrixSymbol
    weights: tuple[sympy.MatrixSymbol, ...]
    target: sympy.MatrixSymbol

    @property
    def layers(self) -> int:
        """``L``, input and output included."""
        return len(self.widths)

    @property
    def columns(self) -> Any:
        """1, or the batch size ``B``."""
        return 1 if self.batch is None else self.batch

    def weight_shape(self, n: int) -> tuple[sympy.Symbol, sympy.Symbol]:
        """``(n_{n+1}, n_n)``, the shape of ``w_n``."""
        return self.weights[n - 1].shape

    @property
    def activations(self) -> tuple[sympy.MatrixExpr, ...]:
        """``a_1 ... a_L`` by the forward rule ``a_{n+1} = w_n a_n``."""
        activations = [self.input]
        for n in range(1, self.layers):
            activations.append(sympy.MatMul(*reversed(self.weights[:n]), self.input))
        return tuple(activations)

    def cost(self, output: sympy.MatrixExpr | None = None) -> sympy.Expr:
        """``C = ½ tr((a_L − y)ᵀ(a_L − y))``, the paper's ½‖a_L − y‖² (§2),
        which for a batch is half the squared Frobenius norm.

        Args:
            output: what stands for ``a_L``; the composed product by default.
        """
        output = self.activations[-1] if output is None else output
        residual = output - self.target
        return sympy.Rational(1, 2) * sympy.Trace(residual.T * residual)


def symbolic_network(layers: int, batch: bool = False) -> SymbolicNetwork:
    """The matrix symbols of a network of ``layers`` layers of symbolic width.

    Args:
        layers: ``L``, from 2 to :data:`MAX_LAYERS`.
        batch: give the input and target ``B`` columns, ``B`` a symbol.

    Returns:
        A :class:`SymbolicNetwork`.

    Raises:
        InvalidInput: ``layers`` is not an integer in range.

    Example:
        >>> network = symbolic_network(3, batch=True)
        >>> network.weights[1].shape, network.input.shape
        ((n_3, n_2), (n_1, B))
        >>> network.activations[-1]
        w_2*w_1*a_1
    """
    if isinstance(layers, bool) or not isinstance(layers, int):
        raise InvalidInput(f"the number of layers must be an integer, got {layers!r}")
    if not 2 <= layers <= MAX_LAYERS:
        raise InvalidInput(
            f"the number of layers must be between 2 and {MAX_LAYERS}, got {layers}"
        )
    widths = tuple(
        sympy.Symbol(f"n_{n}", integer=True, positive=True)
        for n in range(1, layers + 1)
    )
    size = sympy.Symbol("B", integer=True, positive=True) if batch else None
    columns = 1 if size is None else size
    return SymbolicNetwork(
        widths=widths,
        batch=size,
        input=sympy.MatrixSymbol("a_1", widths[0], columns),
        weights=tuple(
            sympy.MatrixSymbol(f"w_{n}", widths[n], widths[n - 1])
            for n in range(1, layers)
        ),
        target=sympy.MatrixSymbol("y", widths[-1], columns),
    )
