"""symbackprop: prove backpropagation for linear networks, symbolically.

For a network of linear layers ``a_{n+1} = w_n a_n`` and a cost ``C``, the
gradient of ``C`` with respect to every weight is computed directly and
checked against the backpropagation formulas ``E_L = ∂C/∂a_L``,
``E_n = w_nᵀ E_{n+1}`` and ``∂C/∂w_n = E_{n+1} a_nᵀ``.

Example:
    >>> from symbackprop import Network, verify
    >>> verify(Network([2, 3, 2])).ok
    True
"""

from __future__ import annotations

from .cost import Cost, SquaredError
from .errors import (
    InvalidInput,
    ResourceLimit,
    SymbackpropError,
    Unsupported,
    VerificationError,
)
from .formulas import Formulas, paper_error, paper_gradient
from .network import Network
from .report import Counterexample, LayerResult, Report
from .shapes import is_zero, normal_form, symbolic_network, verify_all_shapes
from .verify import verify

__all__ = [
    "Cost",
    "Counterexample",
    "Formulas",
    "InvalidInput",
    "LayerResult",
    "Network",
    "Report",
    "ResourceLimit",
    "SquaredError",
    "SymbackpropError",
    "Unsupported",
    "VerificationError",
    "is_zero",
    "normal_form",
    "paper_error",
    "paper_gradient",
    "symbolic_network",
    "verify",
    "verify_all_shapes",
]

__version__ = "0.1.0"
