"""The all-shapes level: backpropagation proved for symbolic widths.

:func:`verify_all_shapes` runs the level; :func:`symbolic_network` gives the
matrix symbols of a network of symbolic widths, and :func:`is_zero` and
:func:`normal_form` decide identities between matrix expressions, for
proof steps whose claims do not depend on the shape.
"""

from __future__ import annotations

from .all_shapes import verify_all_shapes
from .matrix_calculus import matrix_gradient, sympy_gradient
from .normal_form import MatrixPolynomial, is_zero, normal_form
from .symbolic_network import MAX_LAYERS, SymbolicNetwork, symbolic_network

__all__ = [
    "MAX_LAYERS",
    "MatrixPolynomial",
    "SymbolicNetwork",
    "is_zero",
    "matrix_gradient",
    "normal_form",
    "symbolic_network",
    "sympy_gradient",
    "verify_all_shapes",
]
