"""Cost functions of the network's output and the target (paper §2).

A cost only has to say what its value is for an output and a target of the
same shape. Its slope with respect to the output, ``∂C/∂a_L`` (the quantity
§4.2 assumes computable), is found by differentiating that value by the
output's entries taken as symbols of their own, so a new cost needs no
hand-written derivative.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import sympy

from .errors import InvalidInput
from .symbols import entry_matrix


class Cost(ABC):
    """A scalar cost ``C(a_L, y)``."""

    #: short name used in reports
    name: str = "cost"
    #: the cost in LaTeX, in terms of ``a_L`` and ``y``
    latex: str = r"C(a_L, y)"

    @abstractmethod
    def value(self, output: sympy.MatrixBase, target: sympy.MatrixBase) -> sympy.Expr:
        """The cost as a SymPy scalar, for an output and target of one shape."""

    def slope(
        self, output: sympy.MatrixBase, target: sympy.MatrixBase
    ) -> sympy.ImmutableMatrix:
        """``∂C/∂a_L`` at ``output``: a matrix of the output's shape.

        The output is replaced by fresh symbols, the cost is differentiated
        by each of them, and the output is substituted back (paper §4.2).

        Example:
            >>> import sympy
            >>> a, y = sympy.Matrix([3, 1]), sympy.Matrix([1, 1])
            >>> SquaredError().slope(a, y).T
            Matrix([[2, 0]])
        """
        if output.shape != target.shape:
            raise InvalidInput(
                f"output is {output.shape[0]}×{output.shape[1]} but target is "
                f"{target.shape[0]}×{target.shape[1]}"
            )
        free = entry_matrix("o", None, *output.shape)
        cost = self.value(free, target)
        slope = free.applyfunc(lambda symbol: sympy.diff(cost, symbol))
        return sympy.ImmutableMatrix(slope.xreplace(dict(zip(free, output))))

    def slope_formula(
        self, output: sympy.MatrixSymbol, target: sympy.MatrixSymbol
    ) -> sympy.MatrixExpr | None:
        """``∂C/∂a_L`` as one matrix expression in ``a_L`` and ``y``, if the
        cost has one.

        Engines that work on numbers rather than symbols use it to find the
        slope of a large output without one SymPy expression per entry. The
        default, ``None``, makes them differentiate :meth:`value` entry by
        entry instead. A cost that gives one must agree with :meth:`slope`;
        the tests check this for the costs shipped here.
        """
        return None


class SquaredError(Cost):
    """The paper's example cost, ``½ (a_L − y)²``, read for vectors as
    ``½ ‖a_L − y‖²`` (and for a batch as the squared Frobenius norm).

    Example:
        >>> import sympy
        >>> SquaredError().value(sympy.Matrix([3, 1]), sympy.Matrix([1, 1]))
        2
    """

    name = "squared-error"
    latex = r"\tfrac{1}{2}\lVert a_L - y\rVert^2"

    def value(self, output: sympy.MatrixBase, target: sympy.MatrixBase) -> sympy.Expr:
        residual = sympy.Matrix(output) - sympy.Matrix(target)
        return sympy.Rational(1, 2) * sum(entry**2 for entry in residual)

    def slope_formula(self, output, target):
        """``a_L − y``, the derivative of ``½‖a_L − y‖²`` (paper §4.2).

        Example:
            >>> import sympy
            >>> a, y = sympy.MatrixSymbol("a_L", 2, 1), sympy.MatrixSymbol("y", 2, 1)
            >>> SquaredError().slope_formula(a, y)
            a_L - y
        """
        return output - target
