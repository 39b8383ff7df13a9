"""The paper's derivation as data, and how each line was machine-checked.

Every renderer (LaTeX, Markdown, the terminal) walks the same list of
:class:`DerivationLine`, so the documents cannot drift apart. Each line
names the proof steps that check it; :func:`mark` looks those names up in
the step results computed when the document is made. A mark is therefore
never written by hand: a step that failed, or that was not run, is shown
as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..proof import LEVELS, STEP_NAMES, StepResult


@dataclass(frozen=True)
class DerivationLine:
    """One line of a derivation: ``lhs = rhs``, why, and what checked it.

    Attributes:
        lhs: the left side in LaTeX, or ``""`` to continue the previous line.
        rhs: the right side in LaTeX.
        reason: the justification in words, ``$...$`` around math (a
            constant of this module, never user input).
        steps: names of the proof steps that check this line.
        text: the whole line in plain Unicode, for the terminal.
    """

    lhs: str
    rhs: str
    reason: str
    steps: tuple[str, ...]
    text: str = ""


@dataclass(frozen=True)
class Mark:
    """How a derivation line was checked.

    Attributes:
        status: ``"checked"``, ``"failed"`` or ``"missing"``.
        text: a short plain-text account (level, shapes, or what failed).
    """

    status: str
    text: str

    @property
    def ok(self) -> bool:
        return self.status == "checked"


#: paper §2 and §4: the notation every derivation uses
DEFINITIONS = (
    DerivationLine(
        r"a_{n+1}",
        r"w_n a_n",
        "forward rule, no bias and no activation (§4.1)",
        ("s4_1_forward_rule",),
        "a_{n+1} = w_n a_n",
    ),
    DerivationLine(
        r"C",
        r"\tfrac{1}{2}\lVert a_L - y\rVert^2",
        "the cost, squared error (§2)",
        ("s2_shapes_and_cost",),
        "C = ½‖a_L − y‖²",
    ),
    DerivationLine(
        r"E_n",
        r"\frac{\partial C}{\partial a_n}",
        "definition of the error of layer $n$ (§4.1)",
        ("s4_1_error_definition",),
        "E_n = ∂C/∂a_n",
    ),
    DerivationLine(
        r"E_L",
        r"\frac{\partial C}{\partial a_L} = a_L - y",
        "slope of the cost at the output (§4.2, §5)",
        ("s4_2_cost_slope", "s5_last_error"),
        "E_L = ∂C/∂a_L = a_L − y",
    ),
    DerivationLine(
        r"w_n^{\mathrm{new}}",
        r"w_n - \alpha \frac{\partial C}{\partial w_n}",
        "the update that lowers the cost (§3)",
        ("s3_update_rule",),
        "new w_n = w_n − α ∂C/∂w_n",
    ),
)

#: paper §5: the error recursion, with gradients shaped like what they
#: differentiate by, so the paper's "rearranged and transposed" is explicit
ERROR_DERIVATION = (
    DerivationLine(
        r"E_n",
        r"\frac{\partial C}{\partial a_n}",
        "definition",
        ("s4_1_error_definition",),
        "E_n = ∂C/∂a_n",
    ),
    DerivationLine(
        "",
        r"\left(\frac{\partial a_{n+1}}{\partial a_n}\right)^{T}"
        r"\frac{\partial C}{\partial a_{n+1}}",
        "chain rule",
        ("s5_error_recursion",),
        "    = (∂a_{n+1}/∂a_n)ᵀ ∂C/∂a_{n+1}",
    ),
    DerivationLine(
        "",
        r"\left(\frac{\partial a_{n+1}}{\partial a_n}\right)^{T} E_{n+1}",
        "definition of $E_{n+1}$",
        ("s4_1_error_definition",),
        "    = (∂a_{n+1}/∂a_n)ᵀ E_{n+1}",
    ),
    DerivationLine(
        "",
        r"\left(\frac{\partial (w_n a_n)}{\partial a_n}\right)^{T} E_{n+1}",
        "substitution",
        ("s4_1_forward_rule",),
        "    = (∂(w_n a_n)/∂a_n)ᵀ E_{n+1}",
    ),
    DerivationLine(
        "",
        r"w_n^{T} E_{n+1}",
        "transposition",
        ("s5_error_recursion",),
        "    = w_nᵀ E_{n+1}",
    ),
)

#: paper §5: from E_L down to E_2, one layer at a time
INDUCTION = (
    DerivationLine(
        r"E_{L-1}",
        r"w_{L-1}^{T} E_L,\ \ldots,\ E_2 = w_2^{T} E_3",
        "induction from the last layer down",
        ("s5_last_error", "s5_induction"),
        "E_{L-1} = w_{L-1}ᵀ E_L, …, E_2 = w_2ᵀ E_3",
    ),
)

#: paper §5: the weight gradient, entry by entry, then as a matrix
GRADIENT_DERIVATION = (
    DerivationLine(
        r"\frac{\partial C}{\partial (w_n)_{ij}}",
        r"\sum_k \frac{\partial C}{\partial (a_{n+1})_k}"
        r"\frac{\partial (a_{n+1})_k}{\partial (w_n)_{ij}}",
        "chain rule",
        ("s5_weight_gradient",),
        "∂C/∂(w_n)_ij = Σ_k ∂C/∂(a_{n+1})_k · ∂(a_{n+1})_k/∂(w_n)_ij",
    ),
    DerivationLine(
        "",
        r"\sum_k (E_{n+1})_k \frac{\partial (a_{n+1})_k}{\partial (w_n)_{ij}}",
        "definition of $E_{n+1}$",
        ("s4_1_error_definition",),
        "             = Σ_k (E_{n+1})_k · ∂(a_{n+1})_k/∂(w_n)_ij",
    ),
    DerivationLine(
        "",
        r"\sum_k (E_{n+1})_k \frac{\partial (w_n a_n)_k}{\partial (w_n)_{ij}}",
        "substitution",
        ("s4_1_forward_rule",),
        "             = Σ_k (E_{n+1})_k · ∂(w_n a_n)_k/∂(w_n)_ij",
    ),
    DerivationLine(
        "",
        r"(E_{n+1})_i (a_n)_j",
        "only $k = i$ involves $(w_n)_{ij}$",
        ("s5_weight_gradient",),
        "             = (E_{n+1})_i (a_n)_j",
    ),
    DerivationLine(
        r"\frac{\partial C}{\partial w_n}",
        r"E_{n+1} a_n^{T}",
        "transposition",
        ("s5_weight_gradient",),
        "∂C/∂w_n = E_{n+1} a_nᵀ",
    ),
)

#: paper §5, last paragraph: only computable quantities are used
COMPUTABILITY = (
    DerivationLine(
        r"\frac{\partial C}{\partial w_n}",
        r"E_{n+1} a_n^{T}\ \text{needs only } a_n, w_n, y",
        "computability",
        ("s5_computability",),
        "∂C/∂w_n = E_{n+1} a_nᵀ needs only a_n, w_n and y",
    ),
)


def mark(results: Sequence[StepResult], steps: Sequence[str]) -> Mark:
    """How the named proof steps came out, as one mark for a line.

    Args:
        results: the step results computed for this document.
        steps: the names of the steps that check the line.

    Returns:
        ``checked`` only when every named step is present and held, with
        the levels every one of them reached (and any level only some
        reached, named with those steps);
        ``failed`` when one failed (its message is kept); ``missing``
        when one was not run.

    Example:
        >>> from symbackprop.proof import StepResult
        >>> ok = StepResult("s3_update_rule", "3", "c", "x", True, "exact",
        ...                 ("2-2",), 0.1)
        >>> mark([ok], ["s3_update_rule"])
        Mark(status='checked', text='exact; shapes 2-2')
        >>> mark([ok], ["s5_induction"]).status
        'missing'
        >>> both = StepResult("s4_2_cost_slope", "4.2", "c", "x", True,
        ...                   "exact+all-shapes", ("n_1-n_2", "2-2"), 0.1)
        >>> mark([both], ["s4_2_cost_slope"]).text
        'exact+all-shapes; shapes n_1-n_2, 2-2'
        >>> mark([both, ok], ["s4_2_cost_slope", "s3_update_rule"]).text
        'exact; shapes n_1-n_2, 2-2; all-shapes for s4_2_cost_slope only'
    """
    by_name = {result.name: result for result in results}
    missing = [name for name in steps if name not in by_name]
    failed = [by_name[name] for name in steps if name in by_name]
    failed = [result for result in failed if not result.ok]
    if failed:
        reasons = "; ".join(
            f"{result.name}: {result.message or 'did not hold'}" for result in failed
        )
        return Mark("failed", f"FAILED ({reasons})")
    if missing:
        return Mark("missing", f"NOT CHECKED (no result for {', '.join(missing)})")

    # a line is proved at a level only if every step behind it reached it
    checked = [by_name[name] for name in steps]
    levels = [level for level in LEVELS if all(level in r.levels for r in checked)]
    shapes: list[str] = []
    for result in checked:
        for shape in result.shapes:
            if shape not in shapes:
                shapes.append(shape)
    text = f"{'+'.join(levels)}; shapes {', '.join(shapes)}"
    partial = [
        (level, [r.name for r in checked if level in r.levels])
        for level in LEVELS
        if level not in levels and any(level in r.levels for r in checked)
    ]
    for level, names in partial:
        text += f"; {level} for {', '.join(names)} only"
    return Mark("checked", text)


def summary(results: Sequence[StepResult]) -> Mark:
    """One mark for the whole derivation: every known step checked.

    Example:
        >>> summary([]).status
        'missing'
    """
    return mark(results, STEP_NAMES)
