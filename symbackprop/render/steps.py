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

from ..proof import LEVELS, STEP_NAMES, StepResult, is_symbolic, symbolic_depths


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
        text: a short account for the line: the levels reached, with how
            many concrete shapes and which depths of symbolic widths, or
            what failed or was not run.
        shapes: every shape the line's steps checked, for the tables that
            list them once.
    """

    status: str
    text: str
    shapes: tuple[str, ...] = ()

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


def depths(shapes: Sequence[str]) -> str:
    """The numbers of layers of the symbolic shapes, as a reader writes them.

    Example:
        >>> depths(["n_1-n_2", "n_1-n_2-n_3", "2-2"])
        'L = 2–3'
        >>> depths(["n_1-n_2", "n_1-n_2-n_3-n_4"]), depths(["2-2"])
        ('L = 2, 4', '')
    """
    layers = symbolic_depths(shapes)
    if not layers:
        return ""
    if len(layers) > 1 and layers == list(range(layers[0], layers[-1] + 1)):
        return f"L = {layers[0]}–{layers[-1]}"
    return "L = " + ", ".join(map(str, layers))


def _common(results: Sequence[StepResult]) -> list[str]:
    shared = set.intersection(*(set(result.shapes) for result in results))
    return [shape for shape in results[0].shapes if shape in shared]


def _level_text(level: str, results: Sequence[StepResult]) -> str:
    shapes = _common(results)
    if level == "exact":
        count = sum(1 for shape in shapes if not is_symbolic(shape))
        return f"exact ({count} shape{'' if count == 1 else 's'})"
    if level == "all-shapes":
        reach = depths(shapes)
        return f"all shapes ({reach})" if reach else "all shapes"
    return level


def mark(results: Sequence[StepResult], steps: Sequence[str]) -> Mark:
    """How the named proof steps came out, as one mark for a line.

    Args:
        results: the step results computed for this document.
        steps: the names of the steps that check the line.

    Returns:
        ``checked`` only when every named step is present and held, saying
        which levels all of them reached, on how many concrete shapes and
        for which depths of symbolic widths (a level only some reached is
        named with their sections);
        ``failed`` when one failed (its message is kept); ``missing``
        when one was not run.

    Example:
        >>> from symbackprop.proof import StepResult
        >>> ok = StepResult("s3_update_rule", "3", "c", "x", True, "exact",
        ...                 ("2-2",), 0.1)
        >>> mark([ok], ["s3_update_rule"]).text
        'exact (1 shape)'
        >>> mark([ok], ["s5_induction"]).status
        'missing'
        >>> both = StepResult("s4_2_cost_slope", "4.2", "c", "x", True,
        ...                   "exact+all-shapes", ("n_1-n_2", "2-2", "2-3"), 0.1)
        >>> mark([both], ["s4_2_cost_slope"]).text
        'exact (2 shapes) and all shapes (L = 2)'
        >>> mark([both, ok], ["s4_2_cost_slope", "s3_update_rule"]).text
        'exact (1 shape); all shapes (L = 2) for the §4.2 step only'
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
    text = " and ".join(_level_text(level, checked) for level in levels)
    for level in LEVELS:
        reached = [r for r in checked if level in r.levels]
        if level in levels or not reached:
            continue
        sections = ", ".join(dict.fromkeys(f"§{r.section}" for r in reached))
        plural = "s" if len(reached) > 1 else ""
        text += f"; {_level_text(level, reached)} for the {sections} step{plural} only"

    shapes: list[str] = []
    for result in checked:
        shapes += [shape for shape in result.shapes if shape not in shapes]
    return Mark("checked", text, tuple(shapes))


def steps_of(lines: Sequence[DerivationLine]) -> list[str]:
    """The proof steps behind some lines, each once, in order of first use.

    Example:
        >>> steps_of(INDUCTION)
        ['s5_last_error', 's5_induction']
    """
    return list(dict.fromkeys(step for line in lines for step in line.steps))


def coverage(results: Sequence[StepResult], layers: int) -> str:
    """What the proof steps established, said exactly, for a network of
    ``layers`` layers.

    Symbolic widths are checked only for some depths, so a sentence like
    "the formulas hold for every shape" would claim more than was shown.

    Example:
        >>> from symbackprop.proof import StepResult
        >>> step = StepResult("s5_induction", "5", "c", "x", True,
        ...                   "exact+all-shapes", ("n_1-n_2", "2-2", "2-3"), 0.1)
        >>> text = coverage([step], 4)
        >>> text.startswith("The proof steps checked these formulas exactly on 2")
        True
        >>> text.endswith("for L = 2 only; this network, L = 4, was not among them.")
        True
    """
    held = [result for result in results if result.ok]
    concrete = list(dict.fromkeys(s for r in held for s in r.concrete_shapes))
    symbolic = [r for r in held if "all-shapes" in r.levels]
    text = (
        f"The proof steps checked these formulas exactly on {len(concrete)} "
        f"concrete shapes ({', '.join(concrete)})"
    )
    reach = depths([s for r in symbolic for s in r.symbolic_shapes])
    if not reach:
        return text + "; none was checked with symbolic widths."
    text += (
        f" and, for {len(symbolic)} of the {len(results)} steps, with symbolic "
        f"widths for {reach} only"
    )
    symbolic_layers = {s.count("-") + 1 for r in symbolic for s in r.symbolic_shapes}
    if layers in symbolic_layers:
        return text + f", which includes this network's L = {layers}."
    return text + f"; this network, L = {layers}, was not among them."


def summary(results: Sequence[StepResult]) -> Mark:
    """One mark for the whole derivation: every known step checked.

    Example:
        >>> summary([]).status
        'missing'
    """
    return mark(results, STEP_NAMES)
