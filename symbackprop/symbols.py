"""Entry symbols that print the same way in plain text, Unicode and LaTeX.

Every scalar of a network is a SymPy symbol named after the matrix it
belongs to and its position, counted from 1 as in the paper: entry
``(i, j)`` of the weight matrix ``w_n`` is named ``w{n}_{i}_{j}``. The
underscores make multi-digit indices unambiguous in plain text (``w1_1_11``
is never ``w11_1_1``); LaTeX shows ``(w_{1})_{1,11}``, which also stays
valid under a power or a transpose.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy

_NAME = re.compile(r"^(?P<base>[A-Za-z]+)(?P<layer>\d*)_(?P<index>\d+(?:_\d+)*)$")

_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class Entry(sympy.Symbol):
    """A scalar entry of a named matrix, such as entry (1, 2) of ``w_3``.

    Behaves exactly like :class:`sympy.Symbol` (the name decides equality)
    and only changes how it is printed.

    Example:
        >>> import sympy
        >>> w = entry("w", 1, (1, 11))
        >>> str(w), sympy.latex(w**2)
        ('w1_1_11', '(w_{1})_{1,11}^{2}')
    """

    @property
    def parts(self) -> tuple[str, str, tuple[str, ...]]:
        match = _NAME.match(self.name)
        if match is None:
            return self.name, "", ()
        return match["base"], match["layer"], tuple(match["index"].split("_"))

    def _latex(self, printer) -> str:
        base, layer, index = self.parts
        head = f"({base}_{{{layer}}})" if layer else base
        return f"{head}_{{{','.join(index)}}}"

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        base, layer, index = self.parts
        if not printer._use_unicode:
            return prettyForm(self.name)
        head = f"({base}{layer.translate(_SUBSCRIPT_DIGITS)})" if layer else base
        subscript = ",".join(i.translate(_SUBSCRIPT_DIGITS) for i in index)
        return prettyForm(head + subscript)


def entry(base: str, layer: int | None, index: tuple[int, ...]) -> Entry:
    """The symbol for one entry of a named matrix.

    Args:
        base: the matrix's letter, ``"w"``, ``"a"`` or ``"y"``.
        layer: the paper's layer number, or ``None`` for the target.
        index: the entry's position, counted from 1.

    Returns:
        An :class:`Entry` named for example ``w2_3_1``.

    Example:
        >>> entry("y", None, (2,))
        y_2
    """
    layer_text = "" if layer is None else str(layer)
    return Entry(f"{base}{layer_text}_" + "_".join(str(i) for i in index))


@lru_cache(maxsize=1024)
def entry_matrix(
    base: str, layer: int | None, rows: int, cols: int, vector: bool = False
) -> sympy.ImmutableMatrix:
    """A ``rows × cols`` matrix of distinct entry symbols.

    Args:
        base: the matrix's letter.
        layer: the paper's layer number, or ``None``.
        rows: number of rows.
        cols: number of columns.
        vector: index a column vector by its row alone, so that the input
            ``a_1`` has entries ``a1_1, a1_2, ...``.

    Returns:
        An immutable SymPy matrix of :class:`Entry` symbols. The same
        arguments give the same matrix, made once.

    Example:
        >>> entry_matrix("a", 1, 2, 1, vector=True)
        Matrix([
        [a1_1],
        [a1_2]])
    """
    if vector:
        column = [entry(base, layer, (i + 1,)) for i in range(rows)]
        return sympy.ImmutableMatrix(rows, 1, column)
    # a flat list of Python-int indices: a callable would be handed SymPy
    # integers, whose printing into names costs more than the symbols
    entries = [
        entry(base, layer, (i + 1, j + 1)) for i in range(rows) for j in range(cols)
    ]
    return sympy.ImmutableMatrix(rows, cols, entries)


def entries(matrix: sympy.MatrixBase) -> list[sympy.Expr]:
    """A matrix's entries, row by row.

    Iterating a SymPy matrix entry by entry costs tens of microseconds per
    entry; reading its rows at once does not.

    Example:
        >>> entries(entry_matrix("w", 1, 2, 2))
        [w1_1_1, w1_1_2, w1_2_1, w1_2_2]
    """
    return [value for row in matrix.tolist() for value in row]
