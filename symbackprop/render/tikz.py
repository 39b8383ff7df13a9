"""A TikZ picture of a linear network (paper §2).

Layers are columns of nodes, input on the left. Above, the forward flow:
``a_n`` at each layer and ``w_n`` on the arrow to the next. Below, the
backward flow: ``E_n`` at each layer, reached from ``E_{n+1}`` through
``w_nᵀ`` (§5). A layer wider than :data:`MAX_DRAWN_NODES` is drawn as a
few nodes, a vertical ellipsis and its width; a network of more than
:data:`MAX_DRAWN_LAYERS` layers shows its first and last layers around a
horizontal ellipsis.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..network import check_widths

MAX_DRAWN_NODES = 5
MAX_DRAWN_LAYERS = 7
#: total horizontal room for the columns, in centimetres
_WIDTH_CM = 13.0
_ROW_CM = 0.75


def _rows(width: int) -> list[int | None]:
    """Row labels to draw for a layer: node numbers, ``None`` for ⋮."""
    if width <= MAX_DRAWN_NODES:
        return list(range(1, width + 1))
    return [1, 2, None, width]


def _columns(layers: int) -> list[int | None]:
    if layers <= MAX_DRAWN_LAYERS:
        return list(range(1, layers + 1))
    return [1, 2, 3, None, layers - 2, layers - 1, layers]


def network_picture(widths: Sequence[int]) -> str:
    r"""The network as a ``tikzpicture`` (needs ``\usepackage{tikz}``).

    Example:
        >>> picture = network_picture([2, 3, 2])
        >>> picture.splitlines()[0]
        '\\begin{tikzpicture}[>=stealth]'
        >>> r"$w_{1}$" in picture and r"$E_{3}$" in picture
        True
    """
    widths = check_widths(widths)
    layers = len(widths)
    columns = _columns(layers)
    step = min(3.2, _WIDTH_CM / max(len(columns) - 1, 1))
    tallest = max(len(_rows(width)) for width in widths)
    top = (tallest - 1) * _ROW_CM / 2 + 0.9
    bottom = -top

    lines = [r"\begin{tikzpicture}[>=stealth]"]
    lines.append(
        r"\tikzset{unit/.style={circle, draw, fill=blue!8, minimum size=5mm,"
        r" inner sep=0pt}}"
    )
    # the nodes, and the edges between consecutive drawn columns
    previous: list[str] = []
    for position, n in enumerate(columns):
        x = position * step
        if n is None:
            lines.append(rf"\node at ({x:.2f},0) {{$\cdots$}};")
            previous = []
            continue
        rows = _rows(widths[n - 1])
        names = []
        for index, row in enumerate(rows):
            y = ((len(rows) - 1) / 2 - index) * _ROW_CM
            if row is None:
                lines.append(rf"\node at ({x:.2f},{y:.2f}) {{$\vdots$}};")
                continue
            name = f"n{n}r{row}"
            names.append(name)
            lines.append(rf"\node[unit] ({name}) at ({x:.2f},{y:.2f}) {{}};")
        for left in previous:
            for right in names:
                lines.append(rf"\draw[black!25] ({left}) -- ({right});")
        previous = names

        # forward labels above, backward labels below, the width underneath
        lines.append(rf"\node[blue!60!black] at ({x:.2f},{top:.2f}) {{$a_{{{n}}}$}};")
        lines.append(rf"\node[red!70!black] at ({x:.2f},{bottom:.2f}) {{$E_{{{n}}}$}};")
        lines.append(
            rf"\node[font=\footnotesize] at ({x:.2f},{bottom - 0.6:.2f}) "
            rf"{{$d_{{{n}}} = {widths[n - 1]}$}};"
        )

    # arrows between adjacent drawn layers: w_n forward, w_n^T backward
    for position in range(len(columns) - 1):
        n, following = columns[position], columns[position + 1]
        if n is None or following is None:
            continue
        left, right = position * step + 0.35, (position + 1) * step - 0.35
        lines.append(
            rf"\draw[->, thick, blue!60!black] ({left:.2f},{top:.2f}) -- "
            rf"node[above, font=\small] {{$w_{{{n}}}$}} ({right:.2f},{top:.2f});"
        )
        lines.append(
            rf"\draw[->, thick, red!70!black] ({right:.2f},{bottom:.2f}) -- "
            rf"node[below, font=\small] {{$w_{{{n}}}^{{T}}$}} "
            rf"({left:.2f},{bottom:.2f});"
        )

    # the cost at the output, and the slope that starts the backward flow
    x = (len(columns) - 1) * step
    lines.append(
        rf"\node[draw, rounded corners, font=\small] (cost) at ({x + 1.6:.2f},0) "
        r"{$C$};"
    )
    lines.append(rf"\draw[->, blue!60!black] ({x + 0.35:.2f},{top:.2f}) -| (cost);")
    lines.append(rf"\draw[->, red!70!black] (cost) |- ({x + 0.35:.2f},{bottom:.2f});")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)
