"""The interface every comparison engine offers.

An engine takes a network, a cost and the formulas to check, and returns a
:class:`~symbackprop.report.Report`. Whether the verdict comes from SymPy,
from FLINT polynomials or from random points modulo a prime is the
engine's business; the report, the CLI and the LaTeX output do not care.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from ..cost import Cost
from ..formulas import Formulas, FormulaShapeError
from ..network import Network
from ..report import Counterexample, LayerResult, Report

#: called with the number of weight entries just finished
Progress = Callable[[int], None]


class Engine(ABC):
    """A way of deciding whether the formulas give the true gradient."""

    #: the name users select it by, as in ``--method sympy``
    name: ClassVar[str]
    #: ``"exact"`` or ``"probabilistic"``
    level: ClassVar[str]

    @abstractmethod
    def estimate_seconds(self, network: Network) -> float:
        """A rough forecast of the run time, made before any work."""

    def estimate_bytes(self, network: Network) -> float:
        """A rough forecast of the memory a run needs; 0 when the run
        time limit binds long before memory does."""
        return 0

    @abstractmethod
    def verify(
        self,
        network: Network,
        cost: Cost,
        formulas: Formulas,
        progress: Progress | None = None,
    ) -> Report:
        """Check ``∂C/∂w_n`` for every weight matrix of ``network``."""

    def report(
        self,
        network: Network,
        cost: Cost,
        formulas: Formulas,
        layers: list[LayerResult],
        start: float,
        details: dict[str, Any] | None = None,
    ) -> Report:
        """The report of a run that began at ``start`` (``perf_counter``)."""
        return Report(
            ok=all(layer.ok for layer in layers),
            method=self.name,
            level=self.level,
            shape=network.widths,
            layers=layers,
            formulas=formulas.describe(),
            cost=cost.name,
            batch=network.batch,
            seconds=time.perf_counter() - start,
            details={} if details is None else details,
        )


def shape_failure(
    n: int,
    shape: tuple[int, int],
    failure: FormulaShapeError,
    widths: tuple[int, ...] | None,
    seconds: float,
) -> LayerResult:
    """A failed layer whose formula could not even be formed."""
    counterexample = Counterexample(
        layer=n,
        entry=None,
        direct=None,
        formula=None,
        residual=None,
        message=str(failure),
        shape=widths,
    )
    return LayerResult(n, shape, False, 0, seconds, counterexample)


def mismatch(
    n: int,
    entry: tuple[int, int],
    direct: Any,
    formula: Any,
    residual: Any,
    widths: tuple[int, ...] | None,
    where: str = "",
) -> Counterexample:
    """The counterexample for entry ``(i, j)`` (1-based) of ``∂C/∂w_n``.

    Args:
        n: the weight matrix's layer.
        entry: ``(i, j)``, counted from 1.
        direct: the entry by direct differentiation.
        formula: the entry as the candidate formula gives it.
        residual: ``direct − formula``.
        widths: the network's widths.
        where: how the two sides were evaluated, appended to the message
            (for example " at a random point mod p").
    """
    i, j = entry
    return Counterexample(
        layer=n,
        entry=entry,
        direct=direct,
        formula=formula,
        residual=residual,
        message=(
            f"entry ({i},{j}) of ∂C/∂w_{n} differs from the direct derivative{where}"
        ),
        shape=widths,
    )
