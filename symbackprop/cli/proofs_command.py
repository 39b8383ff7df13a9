"""``symbackprop proofs``: run every step of the paper's proof."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence

from ..proof import depths_text

DESCRIPTION = """\
Run every step of the paper's proof of backpropagation as an executable
check, in the paper's order: the shapes and the cost (§2), the update rule
(§3), the forward rule, the error and the cost's slope (§4), and the proof
itself (§5): the last error, the error recursion, the induction, the
weight gradient and what it needs.

Each step is checked exactly (polynomial identities) on every shape with
at most 4 layers and widths at most 3, plus a few larger seeded shapes;
the steps whose claim does not depend on the shape are also checked for
symbolic widths n_1 ... n_L (matrix calculus compared in a normal form) at
several depths L. The table gives, per step, the number of concrete
shapes ("exact") and the depths checked for symbolic widths ("all
shapes", "-" when the step is exact only).
Exit code 0: every step holds; 1: a step failed (its counterexample is
printed).

examples:
  symbackprop proofs
  symbackprop proofs --quick --json
"""

#: column widths of the table: section, claim, exact, all shapes, result,
#: seconds
COLUMNS = (4, 38, 5, 10, 6, 7)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "proofs",
        help="check every step of the paper's proof",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick", action="store_true", help="check each step on a few shapes only"
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object on stdout"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import proofs

    def progress(step) -> None:
        # progress is a courtesy: a closed or full stderr must not stop the run
        try:
            print(f"checking §{step.SECTION} {step.TITLE} …", file=sys.stderr)
        except (AttributeError, OSError):
            pass

    results = proofs.run_all(quick=args.quick, progress=progress)
    ok = all(result.ok for result in results)
    if args.json:
        steps = [result.to_dict() for result in results]
        json.dump({"ok": ok, "steps": steps}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        titles = {step.__name__.rpartition(".")[2]: step.TITLE for step in proofs.STEPS}
        print(table(results, titles))
    return 0 if ok else 1


def table(results: Sequence, titles: dict[str, str]) -> str:
    """The steps as a table of at most 80 columns, then any failures.

    Each row gives the number of concrete shapes checked exactly and the
    depths checked for symbolic widths.

    Args:
        results: the steps' :class:`~symbackprop.proof.StepResult`s.
        titles: a short claim for each step's name.
    """
    header = ("§", "claim", "exact", "all shapes", "result", "seconds")
    lines = [_row(header), _row(tuple("-" * width for width in COLUMNS))]
    for result in results:
        title = titles.get(result.name, result.name)
        lines.append(
            _row(
                (
                    result.section,
                    title,
                    str(len(result.concrete_shapes)),
                    depths_text(result.shapes) or "-",
                    "ok" if result.ok else "FAILED",
                    f"{result.seconds:.2f}",
                )
            )
        )
    passed = sum(result.ok for result in results)
    lines.append("")
    lines.append(f"{passed} of {len(results)} steps hold.")
    for result in results:
        if not result.ok:
            lines.append("")
            lines.append(f"§{result.section} {result.name} failed:")
            lines.extend(
                textwrap.wrap(
                    result.message or "",
                    width=78,
                    initial_indent="  ",
                    subsequent_indent="  ",
                )
            )
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    parts = []
    for position, (cell, width) in enumerate(zip(cells, COLUMNS)):
        if len(cell) > width:
            cell = cell[: width - 1] + "…"
        right = position >= 2
        parts.append(cell.rjust(width) if right else cell.ljust(width))
    return "  ".join(parts).rstrip()
