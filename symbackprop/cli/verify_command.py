"""``symbackprop verify``: check the backprop formulas on one network."""

from __future__ import annotations

import argparse
import json
import sys

from ..engines import METHODS
from ..errors import InvalidInput
from ..formula_text import ERROR_VARIABLES, GRADIENT_VARIABLES, parse_formula
from ..network import Network
from ..report import Report
from ..verify import DEFAULT_MAX_SECONDS, verify
from . import all_shapes_options
from .arguments import add_widths, positive_integer, seconds, seed
from .progress import progress_bar

DESCRIPTION = """\
Build a network of linear layers with the given widths, with a symbol for
every input, weight and target entry. Compose the cost C = ½‖a_L − y‖² down
to the input and the weights, differentiate it directly by every weight,
and check that each entry equals what backpropagation gives:

    E_L = ∂C/∂a_L,   E_n = w_nᵀ E_{n+1},   ∂C/∂w_n = E_{n+1} a_nᵀ.

The comparison is an exact polynomial identity: each entry's difference
must be the zero polynomial. Networks too large to expand are checked at
random points modulo a prime (--method random, which --method auto picks
for them), with a stated bound on the chance that a wrong formula passes.
Exit code 0: verified; 1: a mismatch (the report names the layer, the
entry and both sides); 2: a bad request.

A formula of your own can be checked instead of the paper's with
--gradient (using E for E_{n+1}, a for a_n, w for w_n) or --error (using w
and E), built from .T, *, @, +, -, / by a number, ** with a whole exponent
and numbers. A formula that starts with a minus sign needs an equals sign:
--gradient=-E*a.T. The error formula is only used by networks of three or
more layers.

examples:
  symbackprop verify 2 3 2
  symbackprop verify 4 3 3 2 --json
  symbackprop verify 3 3 --gradient "a * E.T"
  symbackprop verify 2 2 2 --error "w * E"
  symbackprop verify --all-shapes --layers 8
  symbackprop verify 784 30 10 --method random --seed 7
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
        "random (random points mod a prime), or auto (default): exact when "
        "it is forecast to take seconds, random otherwise",
    )
    parser.add_argument(
        "--seed",
        type=seed,
        metavar="N",
        help="random engine: seed of the random points (default: a fresh one, "
        "printed in the report), to repeat a run",
    )
    parser.add_argument(
        "--trials",
        type=positive_integer,
        metavar="N",
        help="random engine: number of random points (default: enough for a "
        "false-pass bound of 2^-64)",
    )
    parser.add_argument(
        "--max-seconds",
        type=seconds,
        default=DEFAULT_MAX_SECONDS,
        metavar="S",
        help="refuse exact checks forecast to take longer than S seconds "
        f"(default {DEFAULT_MAX_SECONDS:.0f}); forecasts are rough, within a "
        "factor of about 2 on an idle machine",
    )
    parser.add_argument(
        "--gradient",
        metavar="FORMULA",
        help="check this formula for ∂C/∂w_n instead of the paper's E * a.T; "
        "it may use E (E_{n+1}), a (a_n), w (w_n), .T, *, @, +, - and numbers",
    )
    parser.add_argument(
        "--error",
        metavar="FORMULA",
        help="check this formula for E_n instead of the paper's w.T * E; "
        "it may use w (w_n), E (E_{n+1}), .T, *, @, +, - and numbers",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object on stdout"
    )
    all_shapes_options.register(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    gradient = error = None
    if args.gradient is not None:
        gradient = parse_formula(args.gradient, GRADIENT_VARIABLES)
    if args.error is not None:
        error = parse_formula(args.error, ERROR_VARIABLES)

    if all_shapes_options.requested(args):
        report = all_shapes_options.verify_requested(
            args, args.method != "auto", gradient=gradient, error=error
        )
    elif not args.widths or len(args.widths) < 2:
        raise InvalidInput(
            "give at least two layer widths, input first (for example: verify 2 3 2)"
        )
    else:
        network = Network(args.widths)
        with progress_bar(network.weight_count, quiet=args.json) as bar:
            report = verify(
                network,
                gradient=gradient,
                error=error,
                method=args.method,
                max_seconds=args.max_seconds,
                seed=args.seed,
                trials=args.trials,
                progress=bar.update,
            )
    return emit(report, args.json)


def emit(report: Report, as_json: bool) -> int:
    """Print a report (JSON or text) and return the exit code it implies."""
    if as_json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(report.text())
    return 0 if report.ok else 1
