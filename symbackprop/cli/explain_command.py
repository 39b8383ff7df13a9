"""``symbackprop explain``: the derivation step by step in the terminal."""

from __future__ import annotations

import argparse
import shutil

from ..network import check_widths
from .arguments import add_widths
from .derive_command import step_results

DESCRIPTION = """\
Walk through the paper's derivation of backpropagation for the given
widths, each line marked with how the proof steps checked it, then every
matrix of the network by both routes, wrapped to the terminal's width
(COLUMNS, at most 80).

example:
  symbackprop explain 2 3 2
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="explain the derivation step by step in the terminal",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_widths(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..render.explain import COLUMNS, explanation

    widths = check_widths(args.widths)
    columns = shutil.get_terminal_size((COLUMNS, 24)).columns
    print(explanation(widths, step_results(), columns=columns))
    return 0
