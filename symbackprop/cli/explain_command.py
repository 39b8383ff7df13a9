"""``symbackprop explain``: the derivation step by step in the terminal."""

from __future__ import annotations

import argparse

from ..network import check_widths
from .arguments import add_widths
from .derive_command import step_results

DESCRIPTION = """\
Walk through the paper's derivation of backpropagation for the given
widths, each line marked with how the proof steps checked it, then every
matrix of the network by both routes (fits an 80-column terminal).

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
    from ..render.explain import explanation

    widths = check_widths(args.widths)
    print(explanation(widths, step_results()))
    return 0
