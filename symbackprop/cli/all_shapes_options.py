"""``symbackprop verify --all-shapes``: the options of the all-shapes level.

Kept apart from ``verify_command`` so that the concrete and the symbolic
requests read separately: ``verify 2 3 2`` checks one shape,
``verify --all-shapes --layers 3`` every shape with three layers.
"""

from __future__ import annotations

import argparse

from ..errors import InvalidInput
from ..report import Report
from ..shapes import MAX_LAYERS, verify_all_shapes


def register(parser: argparse.ArgumentParser) -> None:
    """Add ``--all-shapes``, ``--layers`` and ``--batch`` to ``verify``."""
    parser.add_argument(
        "--all-shapes",
        action="store_true",
        help="prove the formulas for symbolic widths n_1 ... n_L instead of "
        "given widths (needs --layers, takes no widths)",
    )
    parser.add_argument(
        "--layers",
        type=int,
        metavar="L",
        help=f"with --all-shapes: the number of layers L, 2 to {MAX_LAYERS}",
    )
    parser.add_argument(
        "--batch",
        action="store_true",
        help="with --all-shapes: inputs and targets have a symbolic number B "
        "of columns",
    )


def requested(args: argparse.Namespace) -> bool:
    """Whether the request is for the all-shapes level (or misuses its options)."""
    return args.all_shapes or args.layers is not None or args.batch


def verify_requested(
    args: argparse.Namespace, method_given: bool, gradient=None, error=None
) -> Report:
    """Check the request's options and run the all-shapes level."""
    if not args.all_shapes:
        raise InvalidInput("--layers and --batch need --all-shapes")
    if args.widths:
        raise InvalidInput(
            "give either layer widths or --all-shapes --layers L, not both"
        )
    if args.layers is None:
        raise InvalidInput("--all-shapes needs --layers L (for example --layers 3)")
    if method_given:
        raise InvalidInput("--method does not apply to --all-shapes")
    return verify_all_shapes(
        args.layers, batch=args.batch, gradient=gradient, error=error
    )
