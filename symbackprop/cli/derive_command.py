"""``symbackprop derive``: the derivation as a LaTeX document, PDF or Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InvalidInput, Unsupported
from ..network import check_widths
from ..proof import StepResult
from ..render.escape import untypesettable
from .arguments import add_widths

DESCRIPTION = """\
Write the paper's derivation of backpropagation for the given widths: a
picture of the network, the notation, the error recursion and the weight
gradient line by line, each line marked with how the proof steps checked
it (the steps are run now), and a worked example with every matrix.

-o names the LaTeX (or Markdown) file; --pdf writes the PDF beside it,
FILE.tex -> FILE.pdf. Without -o, or with -o -, the text goes to stdout.
Title characters pdflatex has no glyphs for (CJK, emoji) are written as ?,
with a warning on stderr; accented letters, dashes and quotes are kept.

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
        "-o",
        "--output",
        metavar="FILE",
        help="the .tex (or .md) file to write; - or none: stdout",
    )
    parser.add_argument(
        "--format", choices=("latex", "markdown"), default="latex", help="default latex"
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also compile FILE.tex to FILE.pdf beside it, with pdflatex",
    )
    parser.add_argument(
        "--example", action="store_true", help="add a hand calculation with integers"
    )
    parser.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="seed of --example's numbers (default 0); needs --example",
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


def output_path(name: str | None, pdf: bool) -> Path | None:
    """Where ``-o`` asks to write, checked before any work is done.

    Args:
        name: the ``-o`` argument; ``None`` or ``"-"`` for stdout.
        pdf: whether the PDF is written beside it too.

    Returns:
        The file to write, or ``None`` for stdout.

    Raises:
        InvalidInput: the name is empty or names a PDF, a folder, a file in a
            missing folder, or a file that cannot be written.
    """
    if name is None or name == "-":
        if pdf:
            raise InvalidInput("--pdf needs an output file (-o FILE.tex), not stdout")
        return None
    if not name.strip():
        raise InvalidInput("the output file name (-o) is empty")
    output = Path(name)
    if output.suffix.lower() == ".pdf":
        raise InvalidInput(
            f"-o names the LaTeX file, not the PDF: use -o "
            f"{output.with_suffix('.tex')} --pdf, which also writes {output}"
        )
    targets = [output] + ([output.with_suffix(".pdf")] if pdf else [])
    for target in targets:
        _check_writable(target)
    return output


def _check_writable(target: Path) -> None:
    if target.is_dir():
        raise InvalidInput(f"cannot write {target}: it is a folder")
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {target}: folder does not exist")

    # only opening the file tells (permissions, read-only or virtual file systems)
    existed = target.exists()
    try:
        with target.open("a", encoding="utf-8"):
            pass
    except OSError as error:
        raise InvalidInput(f"cannot write {target}: {error.strerror}") from None
    if not existed:
        target.unlink()


def title_warning(title: str | None) -> str | None:
    """The line to warn with when pdflatex cannot set some of the title.

    Example:
        >>> title_warning("Übung — ok") is None
        True
        >>> print(title_warning("Backprop 日本"))
        pdflatex has no glyphs for 日, 本 in --title; they are written as ?
    """
    missing = untypesettable(title or "")
    if not missing:
        return None
    return (
        f"pdflatex has no glyphs for {', '.join(missing)} in --title; "
        "they are written as ?"
    )


def run(args: argparse.Namespace) -> int:
    from ..render.latex import derivation_document
    from ..render.markdown import derivation_markdown
    from ..render.pdf import compile_pdf

    # every check of the request comes before the proof steps run
    widths = check_widths(args.widths)
    if args.seed is not None and not args.example:
        raise InvalidInput("--seed only chooses --example's numbers; add --example")
    seed = None if not args.example else (0 if args.seed is None else args.seed)
    if seed is not None and seed < 0:
        raise InvalidInput(f"--seed must be a non-negative integer, got {seed}")
    if args.pdf and args.format != "latex":
        raise InvalidInput("--pdf needs --format latex")
    output = output_path(args.output, args.pdf)
    warning = title_warning(args.title) if args.format == "latex" else None

    results = step_results()
    render = derivation_markdown if args.format == "markdown" else derivation_document
    text = render(widths, results, example_seed=seed, title=args.title)
    if warning is not None:
        print(f"symbackprop derive: warning: {warning}", file=sys.stderr)

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
