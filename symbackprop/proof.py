"""The result of one executable step of the paper's proof.

Each file in the top-level ``proofs/`` folder checks one claim of the
paper and returns a :class:`StepResult`. The CLI (``symbackprop proofs``),
the tests and the LaTeX derivation all read these results, so the marks in
a generated document say what was actually checked, never what was
written in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StepResult:
    """What checking one step of the paper found.

    Attributes:
        name: the step's file name without ``.py``, e.g.
            ``"s5_error_recursion"``.
        section: the paper's section, e.g. ``"5"`` or ``"4.1"``.
        claim: the claim in plain words.
        latex: the claim in LaTeX (math mode content, no ``$``).
        ok: the claim held for every shape checked.
        level: ``"exact"``, ``"all-shapes"`` or ``"probabilistic"``.
        shapes: the shapes checked, as text (``"2-3-2"``, or ``"symbolic"``).
        seconds: wall time of the check.
        message: on failure, what went wrong and where.
        details: anything else worth keeping (counterexample, bounds).
    """

    name: str
    section: str
    claim: str
    latex: str
    ok: bool
    level: str
    shapes: tuple[str, ...]
    seconds: float
    message: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def _repr_latex_(self) -> str:
        """Jupyter's rich display, in SymPy's ``$\\displaystyle ...$`` style."""
        from .render.latex import step_latex

        return step_latex(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as ``symbackprop proofs --json`` prints it."""
        return {
            "name": self.name,
            "section": self.section,
            "claim": self.claim,
            "latex": self.latex,
            "ok": self.ok,
            "level": self.level,
            "shapes": list(self.shapes),
            "seconds": round(self.seconds, 6),
            "message": self.message,
            "details": {key: str(value) for key, value in self.details.items()},
        }
