"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
import math


def width(text: str) -> int:
    """A layer width: a positive integer, with a message that says so."""
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"layer width must be a positive integer, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"layer width must be at least 1, got {value}")
    return value


def add_widths(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """The positional widths ``D1 ... DL``, input first."""
    parser.add_argument(
        "widths",
        metavar="D",
        type=width,
        nargs="+" if required else "*",
        help="layer widths d_1 ... d_L, input first (at least two)",
    )


def positive_integer(text: str) -> int:
    """An integer of at least 1, such as a number of trials."""
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def seed(text: str) -> int:
    """A random seed: a non-negative integer."""
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed must not be negative, got {value}")
    return value


def seconds(text: str) -> float:
    """A time limit: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds, got {text!r}"
        ) from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            f"must be a positive number of seconds, got {text!r}"
        )
    return value


def _integer(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer, got {text!r}") from None
