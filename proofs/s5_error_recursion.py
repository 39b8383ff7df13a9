"""Paper §5, the error recursion, line by line.

Claim: for ``n < L``, the chain rule in Jacobian form gives
``∂C/∂a_n = (∂a_{n+1}/∂a_n)ᵀ ∂C/∂a_{n+1}``; the Jacobian of
``a_{n+1} = w_n a_n`` with respect to ``a_n`` is ``w_n`` itself; hence
``E_n = w_nᵀ E_{n+1}``. The paper writes the product the other way round
and transposes ``w_n`` "to make the dimensions match": without the
transpose, ``w_n E_{n+1}`` is not even defined when ``w_n`` is not square,
and gives wrong values when it is.

Checked exactly, for each shape and each ``n = 1 … L-1``:

1. ``∂C/∂a_n`` is computed directly, with ``a_n`` a column of symbols of
   its own and the cost composed from it; likewise ``∂C/∂a_{n+1}``, which
   is then evaluated at ``a_{n+1} = w_n a_n``;
2. the Jacobian of ``w_n a_n`` by ``a_n`` (SymPy's ``jacobian``) is
   ``w_n``;
3. the chain rule: ``∂C/∂a_n = Jᵀ ∂C/∂a_{n+1}`` entry by entry;
4. the error formula (by default ``w_nᵀ E_{n+1}``) gives ``∂C/∂a_n``;
5. the un-transposed form ``w_n E_{n+1}`` is rejected: a shape error when
   ``w_n`` is not square, a differing entry when it is square and larger
   than 1×1 (for a 1×1 matrix the transpose changes nothing).

Checked for symbolic widths ``n_1 … n_L`` too (``check_all_shapes``), for
every ``n``: lines 1, 3 and 4 by matrix calculus in the normal form, and 5
as a shape error, since no width is assumed equal to another.
"""

from __future__ import annotations

import sys

import sympy

from proofs._exact import ExactNetwork, fresh_activation
from proofs._step import ClaimFailed, formula_value, require_equal, run_step
from proofs._symbolic import (
    error_by_definition,
    formula_form,
    free_activation,
    put,
    require_same,
)
from symbackprop.formulas import paper_error
from symbackprop.network import Network
from symbackprop.proof import StepResult
from symbackprop.shapes import matrix_gradient, normal_form, symbolic_network

SECTION = "5"
TITLE = "E_n = w_nᵀ E_{n+1} by the chain rule"
CLAIM = (
    "By the chain rule ∂C/∂a_n = (∂a_{n+1}/∂a_n)ᵀ ∂C/∂a_{n+1}; the Jacobian "
    "of a_{n+1} = w_n a_n by a_n is w_n; hence E_n = w_nᵀ E_{n+1}. Without "
    "the transpose the product is a shape error (w_n not square) or wrong "
    "(w_n square)."
)
LATEX = (
    r"E_n = \Bigl(\frac{\partial a_{n+1}}{\partial a_n}\Bigr)^{\!\top}"
    r"\frac{\partial C}{\partial a_{n+1}}"
    r" = \Bigl(\frac{\partial (w_n a_n)}{\partial a_n}\Bigr)^{\!\top} E_{n+1}"
    r" = w_n^\top E_{n+1}"
)


def paper_jacobian(vector: sympy.MatrixBase, variables: sympy.MatrixBase):
    """The Jacobian ``∂vector/∂variables``, one row per entry of the vector
    (SymPy's ``jacobian``)."""
    return vector.jacobian(variables)


def untransposed_error(weight, error_next):
    """``w_n E_{n+1}``: the recursion without the transpose, which the
    paper's remark in §5 rules out."""
    return weight * error_next


def check(
    widths: tuple[int, ...],
    error=paper_error,
    jacobian=paper_jacobian,
    untransposed=untransposed_error,
) -> None:
    """Check the error recursion of §5 for one network shape.

    Args:
        widths: ``d_1 … d_L``.
        error: ``g(w_n, E_{n+1})`` on matrix symbols, the claimed ``E_n``.
        jacobian: ``J(v, x)``, the Jacobian of ``v`` by ``x``.
        untransposed: the form the transpose remark says is wrong.

    Raises:
        ClaimFailed: a line of the derivation fails, or the un-transposed
            form is not rejected.

    Example:
        >>> check((2, 3, 2))
    """
    network = Network(widths)
    for n in range(1, network.layers):
        rows, cols = network.weight_shape(n)
        here, following = fresh_activation(network, n), fresh_activation(network, n + 1)
        exact = ExactNetwork(network, [*here, *following])
        weight = exact.weights[n - 1]

        # 1. both gradients by direct differentiation of the composed cost
        direct = exact.gradient(
            exact.cost(exact.forward(n, exact.lift(here))[-1]), here
        )
        later = exact.gradient(
            exact.cost(exact.forward(n + 1, exact.lift(following))[-1]), following
        )
        after = weight @ exact.lift(here)
        later = exact.replace(later, dict(zip(following, after.flat)))

        # 2. the Jacobian of a_{n+1} = w_n a_n by a_n is w_n
        jacobian_matrix = sympy.ImmutableMatrix(
            jacobian(network.weight(n) * here, here)
        )
        require_equal(
            f"∂a_{n + 1}/∂a_{n}",
            jacobian_matrix,
            network.weight(n),
            "the Jacobian",
            f"w_{n}",
        )

        # 3. the chain rule in Jacobian form
        require_equal(
            f"∂C/∂a_{n}",
            direct,
            exact.lift(jacobian_matrix).T @ later,
            "direct differentiation",
            f"(∂a_{n + 1}/∂a_{n})ᵀ ∂C/∂a_{n + 1}",
            exact.to_sympy,
        )

        # 4. hence the error recursion
        arguments = [
            (sympy.MatrixSymbol(f"w_{n}", rows, cols), weight),
            (sympy.MatrixSymbol(f"E_{n + 1}", rows, 1), later),
        ]
        recursion = formula_value(error, arguments, (cols, 1), f"E_{n}", exact.algebra)
        require_equal(
            f"E_{n}", direct, recursion, "∂C/∂a_n", "the error formula", exact.to_sympy
        )

        # 5. the paper's remark: the transpose is needed
        if (rows, cols) == (1, 1):
            continue
        try:
            wrong = formula_value(
                untransposed, arguments, (cols, 1), f"E_{n}", exact.algebra
            )
        except ClaimFailed:
            continue  # a shape error: rejected, as the remark says
        if any(left != right for left, right in zip(direct.flat, wrong.flat)):
            continue  # a wrong value: rejected, as the remark says
        raise ClaimFailed(
            f"the un-transposed form also gives E_{n} for {rows}×{cols} w_{n}: the "
            "transpose remark does not hold"
        )


def check_all_shapes(
    layers: int, error=paper_error, untransposed=untransposed_error
) -> None:
    """Check the error recursion of §5 for symbolic widths ``n_1 … n_L``.

    For each ``n``: ``∂C/∂a_n`` and ``∂C/∂a_{n+1}`` by matrix calculus with
    the activation free, the latter then at ``a_{n+1} = w_n a_n``; the chain
    rule, ``(∂a_{n+1}/∂a_n)ᵀ E_{n+1}`` being the gradient of
    ``tr(E_{n+1}ᵀ w_n a_n)`` by ``a_n`` with ``E_{n+1}`` held; the error
    formula; and the un-transposed form, a shape error since no width is
    assumed equal to another. (The explicit Jacobian is an exact-level
    ingredient.)

    Args:
        layers: ``L``.
        error: ``g(w_n, E_{n+1})`` on matrix symbols, the claimed ``E_n``.
        untransposed: the form the transpose remark says is wrong.

    Raises:
        ClaimFailed: a line fails; the message shows the residual.

    Example:
        >>> check_all_shapes(3)
    """
    network = symbolic_network(layers)
    for n in range(1, layers):
        weight = network.weights[n - 1]
        rows, cols = weight.shape
        here, following = free_activation(network, n), free_activation(network, n + 1)

        # both gradients by matrix calculus, the later one at a_{n+1} = w_n a_n
        direct = error_by_definition(layers, n)
        later = put(error_by_definition(layers, n + 1), {following: weight * here})

        # the chain rule, with E_{n+1} held as a matrix of its own
        held = sympy.MatrixSymbol(f"E_{n + 1}", rows, network.columns)
        _, chain = matrix_gradient(sympy.Trace(held.T * weight * here), here)
        require_same(
            f"∂C/∂a_{n}",
            direct,
            put(chain, {held: later.to_expr()}),
            "matrix calculus",
            f"(∂a_{n + 1}/∂a_{n})ᵀ ∂C/∂a_{n + 1}",
        )

        # hence the error recursion
        arguments = [(weight, normal_form(weight)), (held, later)]
        recursion = formula_form(error, arguments, (cols, network.columns), f"E_{n}")
        require_same(f"E_{n}", direct, recursion, "∂C/∂a_n", "the error formula")

        # the transpose remark: for symbolic widths w_n is not square
        try:
            wrong = formula_form(
                untransposed, arguments, (cols, network.columns), f"E_{n}"
            )
        except ClaimFailed:
            continue
        if wrong == direct:
            raise ClaimFailed(
                f"the un-transposed form also gives E_{n} for symbolic widths: the "
                "transpose remark does not hold"
            )


def run(quick: bool = False, shapes=None, depths=None, **ingredients) -> StepResult:
    """Check this step for symbolic widths at each depth, then on every
    concrete shape (or the quick subsets, or ``depths`` and ``shapes``)."""
    return run_step(sys.modules[__name__], quick, shapes, depths, **ingredients)


if __name__ == "__main__":
    from proofs._main import main

    main(sys.modules[__name__])
