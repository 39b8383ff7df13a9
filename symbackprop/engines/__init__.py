"""Comparison engines, all behind :class:`~symbackprop.engines.base.Engine`."""

from __future__ import annotations

from ..errors import InvalidInput
from ..network import Network
from .base import Engine
from .estimate import expansion_terms, magnitude
from .flint_engine import FlintEngine
from .random_engine import RandomEngine
from .sympy_engine import SympyEngine

#: every engine by the name ``--method`` accepts
ENGINES: dict[str, type[Engine]] = {
    FlintEngine.name: FlintEngine,
    SympyEngine.name: SympyEngine,
    RandomEngine.name: RandomEngine,
}

#: what ``--method`` accepts besides the engines' names
METHODS = ("auto", *ENGINES)

#: the longest forecast with which ``auto`` still expands exactly
AUTO_EXACT_SECONDS = 3.0


def choose_engine(
    network: Network,
    method: str = "auto",
    *,
    seed: int | None = None,
    trials: int | None = None,
) -> tuple[Engine, str]:
    """The engine for a request, and one sentence saying why.

    ``auto`` forecasts the exact expansion from its size (monomial counts,
    :mod:`~symbackprop.engines.estimate`) and takes the exact engine when
    it should finish within :data:`AUTO_EXACT_SECONDS`, the probabilistic
    one otherwise.

    Args:
        network: the network to verify.
        method: an engine's name, or ``"auto"``.
        seed: the random engine's seed (``None``: a fresh one).
        trials: the random engine's number of points (``None``: as many
            as the default bound needs).

    Raises:
        InvalidInput: an unknown method, or a seed or trial count for an
            exact engine.

    Example:
        >>> engine, reason = choose_engine(Network([2, 3, 2]), "sympy")
        >>> engine.name, reason
        ('sympy', 'requested')
        >>> choose_engine(Network([784, 30, 10]))[0].name
        'random'
    """
    if method not in METHODS:
        raise InvalidInput(
            f"unknown method {method!r}; choose one of {', '.join(METHODS)}"
        )
    exact_only = method not in ("auto", RandomEngine.name)
    if exact_only and (seed is not None or trials is not None):
        raise InvalidInput("seed and trials apply to the random engine only")
    if exact_only:
        return ENGINES[method](), "requested"
    random = RandomEngine(seed=seed, trials=trials)
    if method == RandomEngine.name:
        return random, "requested"

    exact = FlintEngine()
    forecast = exact.estimate_seconds(network)
    size = (
        f"exact expansion of about {magnitude(expansion_terms(network))} products "
        f"is forecast at {forecast:.2g} s"
    )
    if forecast <= AUTO_EXACT_SECONDS:
        return exact, f"{size}, within the {AUTO_EXACT_SECONDS:g} s auto allows"
    return random, (
        f"{size}, over the {AUTO_EXACT_SECONDS:g} s auto allows; random points "
        f"mod a prime are forecast at {random.estimate_seconds(network):.2g} s"
    )
