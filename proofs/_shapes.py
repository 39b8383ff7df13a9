"""The shapes every step of the proof is checked on.

The exact level checks one network shape at a time, so a step is run on
every width tuple with at most four layers and widths at most three
(``3² + 3³ + 3⁴ = 117`` shapes, square and non-square layers alike), plus
a few larger shapes drawn with a fixed seed. ``quick`` shapes are a small
subset for documents generated on the fly.

A step whose claim does not depend on the shape is also checked for
symbolic widths ``n_1 … n_L``, one check per number of layers ``L``
(:data:`DEPTHS`, or :data:`QUICK_DEPTHS`).
"""

from __future__ import annotations

import itertools
import random

#: every width tuple with 2 ≤ L ≤ 4 layers and widths 1 to 3
SMALL_SHAPES: tuple[tuple[int, ...], ...] = tuple(
    widths
    for layers in (2, 3, 4)
    for widths in itertools.product((1, 2, 3), repeat=layers)
)

#: the seed of the larger random shapes, so a failure can be reproduced
SEED = 2018


def random_shapes(count: int = 3, seed: int = SEED) -> tuple[tuple[int, ...], ...]:
    """Larger shapes drawn with a fixed seed: 3 or 4 layers, widths 2 to 5.

    Example:
        >>> random_shapes(2) == random_shapes(2)
        True
    """
    generator = random.Random(seed)
    shapes = []
    for _ in range(count):
        layers = generator.randint(3, 4)
        shapes.append(tuple(generator.randint(2, 5) for _ in range(layers)))
    return tuple(shapes)


#: a handful of shapes covering the cases that matter: a 1×1 layer, square
#: and non-square layers, two and four layers
QUICK_SHAPES: tuple[tuple[int, ...], ...] = (
    (1, 1),
    (2, 3),
    (3, 2, 2),
    (2, 3, 1),
    (3, 1, 2, 3),
    (2, 2, 2, 2),
)


def shapes(quick: bool = False) -> tuple[tuple[int, ...], ...]:
    """The shapes a step is checked on.

    Args:
        quick: the small subset instead of every small shape plus the
            random larger ones.

    Example:
        >>> len(shapes()), len(shapes(quick=True))
        (120, 6)
    """
    if quick:
        return QUICK_SHAPES
    return SMALL_SHAPES + random_shapes()


#: the numbers of layers a step is checked at for symbolic widths
DEPTHS: tuple[int, ...] = (2, 3, 4, 5)

#: the depths for ``--quick``
QUICK_DEPTHS: tuple[int, ...] = (2, 3)


def depths(quick: bool = False, deepest: int = DEPTHS[-1]) -> tuple[int, ...]:
    """The numbers of layers ``L`` a step is checked at for symbolic widths.

    Args:
        quick: the small subset.
        deepest: the largest ``L`` of the full run.

    Example:
        >>> depths(), depths(quick=True), depths(deepest=6)
        ((2, 3, 4, 5), (2, 3), (2, 3, 4, 5, 6))
    """
    if quick:
        return QUICK_DEPTHS
    return tuple(range(2, deepest + 1))


def shape_text(widths: tuple[int, ...]) -> str:
    """Widths as the CLI writes them, ``(2, 3, 2)`` as ``2-3-2``.

    Example:
        >>> shape_text((2, 3, 2))
        '2-3-2'
    """
    return "-".join(str(width) for width in widths)


def symbolic_widths_text(layers: int) -> str:
    """The symbolic widths of ``L`` layers as a shape: ``n_1-n_2-n_3``.

    Example:
        >>> symbolic_widths_text(3)
        'n_1-n_2-n_3'
    """
    return "-".join(f"n_{n}" for n in range(1, layers + 1))
