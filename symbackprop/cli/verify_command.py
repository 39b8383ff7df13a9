"""``symbackprop verify``: check the backprop formulas on one network."""

from __future__ import annotations

import argparse
import json
import sys

from ..engines import METHODS
from ..errors import InvalidInput
from ..network import Network
from ..verify import DEFAULT_MAX_SECONDS, verify
from . import all_shapes_options
from .arguments import add_widths

DESCRIPTION = """\
Build a network of linear layers with the given widths, with a symbol for
every input, weight and target entry. Compose the cost C = ½‖a_L − y‖² down
to the input and the weights, differentiate it directly by every weight,
and check that each entry equals what backpropagation gives:

    E_L = ∂C/∂a_L,   E_n = w_nᵀ E_{n+1},   ∂C/∂w_n = E_{n+1} a_nᵀ.

The comparison is an exact polynomial identity: each entry's difference
must be the zero polynomial. Exit code 0: verified; 1: a mismatch (the
report names the layer, the entry and both sides); 2: a bad request.

examples:
  symbackprop verify 2 3 2
  symbackprop verify 4 3 3 2 --json
  symbackprop verify --all-shapes --layers 8
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="verify the backprop formulas for given layer widths",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_widths(parser, required=False)
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="engine: exact (FLINT polynomials), sympy (SymPy polynomials), "
        "or auto (default) to pick one",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=DEFAULT_MAX_SECONDS,
        metavar="S",
        help="refuse checks forecast to take longer than S seconds "
        f"(default {DEFAULT_MAX_SECONDS:.0f})",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object on stdout"
    )
    all_shapes_options.register(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if all_shapes_options.requested(args):
        return all_shapes_options.run(args, args.method != "auto")
    if len(args.widths) < 2:
        raise InvalidInput(
            "give at least two layer widths, input first (for example: verify 2 3 2)"
        )
    report = verify(
        Network(args.widths), method=args.method, max_seconds=args.max_seconds
    )
    if args.json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(report.text())
    return 0 if report.ok else 1
