"""Comparison engines, all behind :class:`~symbackprop.engines.base.Engine`."""

from __future__ import annotations

from ..errors import InvalidInput
from ..network import Network
from .base import Engine
from .flint_engine import FlintEngine
from .sympy_engine import SympyEngine

#: every engine by the name ``--method`` accepts
ENGINES: dict[str, type[Engine]] = {
    FlintEngine.name: FlintEngine,
    SympyEngine.name: SympyEngine,
}

#: what ``--method`` accepts besides the engines' names
METHODS = ("auto", *ENGINES)


def choose_engine(network: Network, method: str = "auto") -> tuple[Engine, str]:
    """The engine for a request, and one sentence saying why.

    Args:
        network: the network to verify.
        method: an engine's name, or ``"auto"`` for the fastest engine
            that can give an exact verdict.

    Raises:
        InvalidInput: an unknown method.

    Example:
        >>> engine, reason = choose_engine(Network([2, 3, 2]), "sympy")
        >>> engine.name, reason
        ('sympy', 'requested')
    """
    if method == "auto":
        return FlintEngine(), "the fastest exact engine"
    if method not in ENGINES:
        raise InvalidInput(
            f"unknown method {method!r}; choose one of {', '.join(METHODS)}"
        )
    return ENGINES[method](), "requested"
