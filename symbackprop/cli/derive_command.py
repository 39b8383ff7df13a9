"""``symbackprop derive``: the derivation as a LaTeX document, PDF or Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InvalidInput, Unsupported
from ..network import check_widths
from ..proof import StepResult
from .arguments import add_widths

DESCRIPTION = """\
Write the paper's derivation of backpropagation for the given widths: a
picture of the network, the notation, the error recursion and the weight
gradient line by line, each line marked with how the proof steps checked
it (the steps are run now), and a worked example with every matrix.

examples:
  symbackprop derive 2 3 2 -o backprop.tex --pdf
  symbackprop derive 2 2 --format markdown --example --seed 3
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "derive",
        help="write the derivation as LaTeX (and PDF) or Markdown",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_widths(parser)
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write here (default: stdout)"
    )
    parser.add_argument(
        "--format", choices=("latex", "markdown"), default="latex", help="default latex"
    )
    parser.add_argument(
        "--pdf", action="store_true", help="also compile FILE.pdf with pdflatex"
    )
    parser.add_argument(
        "--example", action="store_true", help="add a hand calculation with integers"
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N", help="seed of --example (0)"
    )
    parser.add_argument("--title", metavar="TEXT", help="the document's title")
    parser.set_defaults(run=run)


def step_results() -> list[StepResult]:
    """Run the paper's proof steps (quick mode) for the marks."""
    try:
        import proofs
    except ImportError:
        proofs = None
    run_all = getattr(proofs, "run_all", None)
    if run_all is None:
        raise Unsupported(
            "the proof steps (package 'proofs' with run_all) are not installed, "
            "so the derivation's lines cannot be marked as checked"
        )
    return list(run_all(quick=True))


def run(args: argparse.Namespace) -> int:
    from ..render.latex import derivation_document
    from ..render.markdown import derivation_markdown
    from ..render.pdf import compile_pdf

    widths = check_widths(args.widths)
    if args.seed < 0:
        raise InvalidInput(f"--seed must be a non-negative integer, got {args.seed}")
    if args.pdf and (args.output is None or args.format != "latex"):
        raise InvalidInput("--pdf needs --format latex and an output file (-o FILE)")
    output = None if args.output is None else Path(args.output)
    if output is not None and not output.parent.is_dir():
        raise InvalidInput(f"cannot write {output}: folder does not exist")

    results = step_results()
    seed = args.seed if args.example else None
    render = derivation_markdown if args.format == "markdown" else derivation_document
    text = render(widths, results, example_seed=seed, title=args.title)

    if output is None:
        sys.stdout.write(text)
        return 0
    pdf = compile_pdf(text) if args.pdf else None
    try:
        output.write_text(text, encoding="utf-8")
        if pdf is not None:
            output.with_suffix(".pdf").write_bytes(pdf)
    except OSError as error:
        raise InvalidInput(f"cannot write {output}: {error.strerror}") from None
    written = [str(output)] + ([str(output.with_suffix(".pdf"))] if pdf else [])
    print(f"wrote {', '.join(written)}", file=sys.stderr)
    return 0
