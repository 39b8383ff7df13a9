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

#: the levels of evidence, in the order a combined level names them
LEVELS = ("exact", "all-shapes", "probabilistic")

#: the paper's proof steps, one per claim, in the paper's order (§2 to §5);
#: each is a file of the top-level ``proofs`` package
STEP_NAMES = (
    "s2_shapes_and_cost",
    "s3_update_rule",
    "s4_1_forward_rule",
    "s4_1_error_definition",
    "s4_2_cost_slope",
    "s5_last_error",
    "s5_error_recursion",
    "s5_induction",
    "s5_weight_gradient",
    "s5_computability",
)


def is_symbolic(shape: str) -> bool:
    """Whether a shape's widths are symbols (``"n_1-n_2"``), not numbers.

    Example:
        >>> is_symbolic("n_1-n_2"), is_symbolic("2-3")
        (True, False)
    """
    return shape.startswith("n_")


def symbolic_depths(shapes) -> list[int]:
    """The distinct numbers of layers of the symbolic shapes, ascending.

    Example:
        >>> symbolic_depths(["n_1-n_2-n_3", "n_1-n_2", "2-2"])
        [2, 3]
    """
    return sorted({shape.count("-") + 1 for shape in shapes if is_symbolic(shape)})


def depths_text(shapes: tuple[str, ...] | list[str]) -> str:
    """The numbers of layers of the symbolic shapes, ``"L=2..5"``, or ``""``.

    Example:
        >>> depths_text(["n_1-n_2", "n_1-n_2-n_3", "2-2"])
        'L=2..3'
        >>> depths_text(["n_1-n_2-n_3"]), depths_text(["2-2"])
        ('L=3', '')
    """
    depths = symbolic_depths(shapes)
    if not depths:
        return ""
    if len(depths) > 1 and depths == list(range(depths[0], depths[-1] + 1)):
        return f"L={depths[0]}..{depths[-1]}"
    return "L=" + ",".join(map(str, depths))


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
        level: the levels of evidence that ran, joined by ``+`` in the order
            of :data:`LEVELS`: ``"exact"`` (one concrete shape at a time),
            ``"exact+all-shapes"`` (also for symbolic widths), …
        shapes: the shapes checked, as text: concrete widths
            (``"2-3-2"``) or symbolic ones (``"n_1-n_2-n_3"``), the
            symbolic ones first.
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

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels that ran, e.g. ``("exact", "all-shapes")``."""
        return tuple(self.level.split("+"))

    @property
    def concrete_shapes(self) -> tuple[str, ...]:
        """The shapes checked with numbers for widths."""
        return tuple(shape for shape in self.shapes if not is_symbolic(shape))

    @property
    def symbolic_shapes(self) -> tuple[str, ...]:
        """The shapes checked with symbols for widths."""
        return tuple(shape for shape in self.shapes if is_symbolic(shape))

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
