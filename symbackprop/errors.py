"""The three ways a request can go wrong, kept apart.

* :class:`InvalidInput` -- the request itself is bad (widths of zero, a
  formula that is not a formula). The CLI turns it into exit code 2.
* :class:`Unsupported` -- the request is sensible but this version cannot do
  it (a formula an engine cannot evaluate, a check too large to finish).
  Also exit code 2.
* :class:`VerificationError` -- two routes that must agree did not, in a way
  that points at the tool rather than at the formula under test (for
  example a direct derivative that vanishes where it cannot). A wrong
  *candidate* formula is not an exception: it is a failed report.
"""

from __future__ import annotations


class SymbackpropError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInput(SymbackpropError, ValueError):
    """The request is malformed: bad widths, bad options, a bad formula."""


class Unsupported(SymbackpropError, NotImplementedError):
    """The request is well formed but beyond what this version can do."""


class ResourceLimit(Unsupported):
    """The request would take longer or more memory than allowed."""


class VerificationError(SymbackpropError, AssertionError):
    """Two independent routes that must agree disagreed inside the tool."""
