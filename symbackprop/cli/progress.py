"""The progress bar the CLI draws on stderr while a check runs.

The library only reports progress through a callback; drawing is the
CLI's business. The bar counts weight entries, waits a second before it
appears (a quick check shows none), and stays silent when stderr is not
a terminal or the output is JSON.
"""

from __future__ import annotations

import sys

from tqdm import tqdm

#: seconds a check runs before its bar appears
DELAY = 1.0


def progress_bar(total: int, quiet: bool = False) -> tqdm:
    """A bar over ``total`` weight entries; use its ``update`` as the
    ``progress`` callback, and close it (or use it in ``with``) when done.

    Example:
        >>> with progress_bar(10, quiet=True) as bar:
        ...     bar.update(4)  # draws nothing: quiet
        >>> bar.disable
        True
    """
    return tqdm(
        total=total,
        unit=" weights",
        unit_scale=True,
        delay=DELAY,
        leave=False,
        file=sys.stderr,
        disable=quiet or sys.stderr is None or not sys.stderr.isatty(),
    )
