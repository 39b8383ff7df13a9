"""What a verification found, independent of the engine that found it.

A :class:`Report` holds one :class:`LayerResult` per weight matrix and, on
failure, a :class:`Counterexample` that names the layer, the entry, both
sides and their difference. ``to_dict`` gives the JSON contract of the CLI;
``text`` the human-readable summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy

from .formulas import shape_text
from .witness import small_witness

#: how each engine's verdict was reached, for the report's ``level``
LEVELS = {
    "exact": "exact polynomial identity, every entry",
    "all-shapes": "matrix identity for symbolic widths",
    "probabilistic": "polynomial identity testing at random points mod a prime",
}


@dataclass
class Counterexample:
    """Where a candidate formula and the direct derivative part ways.

    Attributes:
        layer: ``n`` of the weight matrix ``w_n`` whose gradient is wrong.
        entry: the first differing entry ``(i, j)``, counted from 1, or
            ``None`` when the formula fails before any entry exists (a
            shape error).
        direct: that entry of ``∂C/∂w_n`` by direct differentiation.
        formula: that entry as the candidate formula gives it.
        residual: ``direct − formula``, in the engine's normal form.
        message: one sentence saying what went wrong.
        shape: the widths of the network that shows it (``None`` for a
            symbolic shape).
        extra: engine-specific facts, such as the seed that reproduces a
            probabilistic failure.
    """

    layer: int
    entry: tuple[int, int] | None
    direct: Any
    formula: Any
    residual: Any
    message: str
    shape: tuple[int, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def witness(self) -> dict[str, Any] | None:
        """Small integers at which the two sides differ, for a residual that
        is a polynomial (exact levels); ``None`` otherwise."""
        if not all(
            isinstance(side, sympy.Expr) and side.free_symbols
            for side in (self.residual, self.direct)
        ):
            return None
        return small_witness(self.residual, self.direct, self.formula)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; expressions become SymPy's plain strings."""
        return {
            "layer": self.layer,
            "entry": None if self.entry is None else list(self.entry),
            "direct": _text(self.direct),
            "formula": _text(self.formula),
            "residual": _text(self.residual),
            "message": self.message,
            "shape": None if self.shape is None else list(self.shape),
            "witness": _json(self.witness()),
            **{key: _json(value) for key, value in self.extra.items()},
        }


@dataclass
class LayerResult:
    """The verdict on ``∂C/∂w_n`` for one weight matrix."""

    n: int
    shape: tuple[Any, Any]
    ok: bool
    entries_checked: int
    seconds: float
    counterexample: Counterexample | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "shape": [_json(size) for size in self.shape],
            "ok": self.ok,
            "entries_checked": self.entries_checked,
            "seconds": round(self.seconds, 6),
            "message": None
            if self.counterexample is None
            else self.counterexample.message,
        }


@dataclass
class Report:
    """The outcome of one verification.

    Attributes:
        ok: every weight matrix verified.
        method: the engine that produced the verdict (``"sympy"``, ...).
        level: ``"exact"``, ``"all-shapes"`` or ``"probabilistic"``.
        shape: the widths, or ``None`` when they are symbolic.
        layers: one result per weight matrix, ``w_1`` first.
        formulas: the gradient and error formulas checked, as text.
        cost: the cost's name.
        batch: the batch size, if any.
        seconds: wall time of the whole check.
        details: engine-specific facts (prime, trials, bound, seed, ...).
        notes: sentences worth telling the user (why an engine was chosen).
    """

    ok: bool
    method: str
    level: str
    shape: tuple[int, ...] | None
    layers: list[LayerResult]
    formulas: tuple[str, str]
    cost: str
    batch: Any = None
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def counterexample(self) -> Counterexample | None:
        """The first failing layer's counterexample, or ``None``."""
        for layer in self.layers:
            if layer.counterexample is not None:
                return layer.counterexample
        return None

    @property
    def entries_checked(self) -> int:
        return sum(layer.entries_checked for layer in self.layers)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the CLI prints with ``--json``."""
        counterexample = self.counterexample
        return {
            "ok": self.ok,
            "method": self.method,
            "level": self.level,
            "shape": None if self.shape is None else list(self.shape),
            "batch": _json(self.batch),
            "cost": self.cost,
            "formulas": {"gradient": self.formulas[0], "error": self.formulas[1]},
            "layers": [layer.to_dict() for layer in self.layers],
            "entries_checked": self.entries_checked,
            "seconds": round(self.seconds, 6),
            "counterexample": None
            if counterexample is None
            else counterexample.to_dict(),
            **{key: _json(value) for key, value in self.details.items()},
            "notes": list(self.notes),
        }

    def _repr_latex_(self) -> str:
        """Jupyter's rich display, in SymPy's ``$\\displaystyle ...$`` style."""
        from .render.latex import report_latex

        return report_latex(self)

    def text(self) -> str:
        """A short human-readable summary, one line per weight matrix."""
        shape = (
            "symbolic widths" if self.shape is None else "-".join(map(str, self.shape))
        )
        batch = "" if self.batch is None else f", batch {self.batch}"
        lines = [
            f"network {shape}{batch}, cost {self.cost}",
            f"  checking ∂C/∂w_n = {self.formulas[0]}  with  E_n = {self.formulas[1]}",
            f"  method {self.method}: {LEVELS.get(self.level, self.level)}",
        ]
        lines += [f"  note: {note}" for note in self.notes]
        for layer in self.layers:
            verdict = "verified" if layer.ok else "MISMATCH"
            entries = f"{layer.entries_checked:>9} entries"
            if layer.counterexample is not None and layer.counterexample.entry is None:
                verdict, entries = "SHAPE", f"{'shape error':>17}"
            lines.append(
                f"  w_{layer.n:<3} {shape_text(layer.shape):>11}  "
                f"{entries}  {verdict:<8}  {layer.seconds:8.3f} s"
            )
        counterexample = self.counterexample
        if counterexample is not None:
            lines.append(_counterexample_text(counterexample))
        # a failed random check's bound only concerns the layers that passed;
        # with no trial run at all there is nothing to say
        if self.details.get("trials") != 0:
            for key, value in self.details.items():
                shown = f"{value:.4g}" if isinstance(value, float) else value
                lines.append(f"  {key}: {shown}")
        if self.ok:
            entries = _count(self.entries_checked, "entry", "entries")
            matrices = _count(len(self.layers), "weight matrix", "weight matrices")
            lines.append(f"verified: {entries} of {matrices} ({self.seconds:.2f} s)")
        else:
            failed = [f"w_{layer.n}" for layer in self.layers if not layer.ok]
            lines.append(f"NOT verified: mismatch in {', '.join(failed)}")
        return "\n".join(lines)


def _counterexample_text(counterexample: Counterexample) -> str:
    lines = [f"  counterexample in w_{counterexample.layer}: {counterexample.message}"]
    if counterexample.entry is not None:
        i, j = counterexample.entry
        where = f"∂C/∂w_{counterexample.layer}[{i},{j}]"
        lines += [
            f"    direct   {where} = {_short(counterexample.direct)}",
            f"    formula  {where} = {_short(counterexample.formula)}",
            f"    residual direct − formula = {_short(counterexample.residual)}",
        ]
        witness = counterexample.witness()
        if witness is not None:
            point = ", ".join(
                f"{name}={value}" for name, value in witness["point"].items()
            )
            lines.append(
                f"    for example at {_short(point)}: direct gives "
                f"{witness['direct']}, formula gives {witness['formula']}"
            )
    for key, value in counterexample.extra.items():
        lines.append(f"    {key}: {value}")
    return "\n".join(lines)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


#: longest expression shown in the text report; the JSON has them whole
SHOWN_CHARACTERS = 300


def _short(value: Any) -> str | None:
    text = _text(value)
    if text is None or len(text) <= SHOWN_CHARACTERS:
        return text
    terms = len(value.args) if isinstance(value, sympy.Add) else None
    count = f"{terms} terms, " if terms else ""
    return f"{text[:SHOWN_CHARACTERS]} … ({count}{len(text)} characters in all)"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, sympy.Basic):
        return sympy.sstr(value)
    return str(value)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json(item) for key, item in value.items()}
    return _text(value)
