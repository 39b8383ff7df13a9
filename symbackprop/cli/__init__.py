"""The ``symbackprop`` command line: subcommands, exit codes, output.

Exit codes (the CLI contract): 0 when everything asked was verified, 1 when
a mismatch was found, 2 when the request itself was bad. Results go to
stdout, progress and errors to stderr; a bad request gets one line on
stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..errors import SymbackpropError
from . import derive_command, explain_command, proofs_command, verify_command

#: each subcommand's module offers ``register(subparsers)``
COMMANDS = (proofs_command, verify_command, derive_command, explain_command)

EXIT_OK, EXIT_MISMATCH, EXIT_BAD_REQUEST = 0, 1, 2


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> None:
        self.exit(EXIT_BAD_REQUEST, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="symbackprop",
        description=(
            "Prove backpropagation for networks of linear layers "
            "(a_{n+1} = w_n a_n, no biases, no activations): the cost is "
            "differentiated directly and compared with E_L = ∂C/∂a_L, "
            "E_n = w_nᵀ E_{n+1} and ∂C/∂w_n = E_{n+1} a_nᵀ."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=ArgumentParser
    )
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if sys.stdout is None:
        print("symbackprop: error: standard output is closed", file=sys.stderr)
        return EXIT_BAD_REQUEST
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_REQUEST
    try:
        code = args.run(args)
        sys.stdout.flush()
        return code
    except SymbackpropError as error:
        print(f"symbackprop: error: {error}", file=sys.stderr)
        return EXIT_BAD_REQUEST
    except KeyboardInterrupt:
        print("symbackprop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (``symbackprop ... | head``): stop quietly, and
        # keep Python from complaining again when it flushes at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:
        print(
            f"symbackprop: error: cannot write the output: {error.strerror}",
            file=sys.stderr,
        )
        return EXIT_BAD_REQUEST
