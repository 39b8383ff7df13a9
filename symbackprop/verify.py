"""``verify``: the one call that checks backpropagation on a network."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .cost import Cost, SquaredError
from .engines import choose_engine
from .engines.base import Progress
from .errors import InvalidInput, ResourceLimit
from .formulas import (
    ErrorFormula,
    Formulas,
    GradientFormula,
    check_error_formula_used,
    paper_error,
    paper_gradient,
)
from .network import Network
from .report import Report

#: longest forecast run time a check may start with, by default
DEFAULT_MAX_SECONDS = 300.0


def machine_memory() -> int:
    """This machine's physical memory in bytes (24 GiB when unknown)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return 24 * 2**30


def verify(
    network: Network | Sequence[int],
    *,
    gradient: GradientFormula | None = None,
    error: ErrorFormula | None = None,
    method: str = "auto",
    cost: Cost | None = None,
    progress: Progress | None = None,
    max_seconds: float = DEFAULT_MAX_SECONDS,
    max_bytes: int | None = None,
    seed: int | None = None,
    trials: int | None = None,
) -> Report:
    """Check that backpropagation gives the true gradient of the cost.

    The composed cost is differentiated directly by every weight and
    compared with what the formulas give (the paper's by default).

    Args:
        network: a :class:`Network`, or its widths ``[d_1, ..., d_L]``.
        gradient: a candidate ``f(E_next, a_n, w_n)`` for ``∂C/∂w_n``;
            the paper's ``E_{n+1} a_nᵀ`` when omitted.
        error: a candidate ``g(w_n, E_next)`` for ``E_n``; the paper's
            ``w_nᵀ E_{n+1}`` when omitted.
        method: ``"exact"`` (FLINT polynomials), ``"sympy"`` (SymPy
            polynomials), ``"random"`` (random points mod a prime), or
            ``"auto"``: exact when it is forecast to finish in seconds,
            random otherwise.
        cost: the cost; the paper's ``½‖a_L − y‖²`` when omitted.
        progress: called with the number of weight entries finished.
        max_seconds: refuse to start a check forecast to take longer.
        max_bytes: refuse to start a check forecast to need more memory;
            this machine's memory when omitted.
        seed: the random engine's seed; a fresh one, reported, when
            omitted.
        trials: the random engine's number of points; by default enough
            for a false-pass bound of ``2⁻⁶⁴``.

    Returns:
        A :class:`Report`: ``.ok``, one result per weight matrix, and a
        counterexample when a formula is wrong. A wrong formula is a
        failed report, not an exception.

    Raises:
        InvalidInput: bad widths, an unknown method, a formula that is not
            callable or does not return a matrix, a seed or trial count for
            an exact engine.
        ResourceLimit: the forecast memory exceeds ``max_bytes`` or the
            forecast run time exceeds ``max_seconds``.

    Example:
        >>> verify([2, 3, 2]).ok
        True
        >>> report = verify([2, 2], gradient=lambda E, a, w: a * E.T)
        >>> report.ok, report.counterexample.entry
        (False, (1, 2))
    """
    if not isinstance(network, Network):
        network = Network(network)
    check_error_formula_used(error, network.layers)
    formulas = Formulas(
        gradient=paper_gradient if gradient is None else gradient,
        error=paper_error if error is None else error,
    )
    cost = SquaredError() if cost is None else cost
    if not isinstance(cost, Cost):
        raise InvalidInput(
            f"cost must be a symbackprop Cost, got {type(cost).__name__}"
        )

    engine, reason = choose_engine(network, method, seed=seed, trials=trials)
    shape = "-".join(map(str, network.widths))
    needed = engine.estimate_bytes(network)
    limit = machine_memory() if max_bytes is None else max_bytes
    if needed > limit:
        raise ResourceLimit(
            f"the {engine.name} engine would need about {needed / 2**30:.1f} GiB "
            f"for {shape}, more than the {limit / 2**30:.1f} GiB allowed"
        )
    forecast = engine.estimate_seconds(network)
    if forecast > max_seconds:
        raise ResourceLimit(
            f"the {engine.name} engine would need about {forecast:.0f} s for "
            f"{shape} (limit {max_seconds:.0f} s); "
            "use smaller widths or another --method"
        )

    report = engine.verify(network, cost, formulas, progress)
    if method == "auto":
        report.notes.append(f"method auto chose {engine.name}: {reason}")
        if engine.level != "probabilistic" and (seed, trials) != (None, None):
            report.notes.append(
                "the seed and the number of trials only apply to random points; "
                "this check is exact and did not use them"
            )
    if not report.ok and not formulas.is_paper:
        report.notes.append(_blame(engine, network, cost, formulas, report))
    return report


def _blame(
    engine, network: Network, cost: Cost, formulas: Formulas, report: Report
) -> str:
    """Which candidate formula is wrong, and where the errors first go wrong.

    Each candidate is paired with the paper's other formula (paper §5
    derives them separately). When the error formula is to blame, the
    highest failing ``w_m`` is the first to use an error it produced, so
    ``E_{m+1}`` is the first wrong error.
    """
    suspects = []
    if formulas.gradient is not paper_gradient:
        alone = Formulas(gradient=formulas.gradient)
        if not engine.verify(network, cost, alone).ok:
            suspects.append("the gradient formula is wrong on its own")
    if formulas.error is not paper_error:
        alone = Formulas(error=formulas.error)
        if not engine.verify(network, cost, alone).ok:
            highest = max(layer.n for layer in report.layers if not layer.ok)
            suspects.append(
                f"the error formula is wrong on its own; E_{highest + 1} is the "
                "first error it gets wrong"
            )
    if not suspects:
        return "each formula passes with the paper's other one; only the pair fails"
    return "; ".join(suspects)
