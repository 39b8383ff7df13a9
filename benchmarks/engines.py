"""The engines side by side, in one process, on the same shapes.

For each shape every method that is forecast to finish within
``--max-seconds`` runs a few times (SymPy's cache emptied before each run),
and the first and the median wall time are printed, with the median's
ratio to the naive SymPy baseline's:

* naive: the composed cost as one SymPy expression, ``sympy.diff`` by each
  weight, and ``sympy.expand`` of the difference from the paper's formula
  evaluated on SymPy matrices (what one writes without this package);
* sympy, exact: the exact engines (SymPy's and FLINT's sparse polynomials);
* random: polynomial identity testing at random points mod a prime, to the
  default bound of 2⁻⁶⁴;
* auto: what ``verify`` picks by itself.

Then the project's speed targets are checked, among them the command line
``symbackprop verify 784 30 10`` timed from a fresh interpreter. Usage::

    python benchmarks/engines.py            # all but the 10⁷-weight network
    python benchmarks/engines.py --large    # and ten layers of width 1000

Timings are wall-clock on a machine that may be shared: its load average
is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version

import sympy
from sympy.core.cache import clear_cache

from symbackprop import Network, SquaredError, verify
from symbackprop.backprop import backprop_gradients
from symbackprop.direct import composed_cost
from symbackprop.engines import ENGINES
from symbackprop.engines.estimate import derivative_work
from symbackprop.formulas import Formulas, SympyAlgebra

#: derivative_work the naive baseline gets through per second, measured
NAIVE_WORK_PER_SECOND = 4e4

SHAPES = {
    "3-3-3-3": ("naive", "sympy", "exact", "random"),
    "4-4-4-4": ("naive", "sympy", "exact", "random"),
    "5-5-5-5": ("naive", "sympy", "exact", "random"),
    "8-8-8-8": ("naive", "sympy", "exact", "random"),
    "784-30-10": ("naive", "sympy", "exact", "auto"),
}
LARGE = {"-".join(["1000"] * 10): ("auto",)}


def naive(network: Network) -> None:
    """Plain SymPy: differentiate the composed cost, expand the difference."""
    cost = SquaredError()
    composed = composed_cost(network, cost)
    gradients = backprop_gradients(
        network.widths,
        Formulas(),
        SympyAlgebra(),
        network.weights,
        network.activations,
        cost.slope(network.activation(network.layers), network.target),
    )
    for weight, gradient in zip(network.weights, gradients):
        for symbol, formula in zip(weight, gradient):
            if sympy.expand(sympy.diff(composed, symbol) - formula) != 0:
                raise AssertionError(f"naive baseline: mismatch at {symbol}")


def forecast(method: str, network: Network) -> float:
    if method == "naive":
        return derivative_work(network) / NAIVE_WORK_PER_SECOND
    if method == "auto":
        return 0.0
    return ENGINES[method]().estimate_seconds(network)


def runner(method: str, widths: list[int]) -> Callable[[], None]:
    def run() -> None:
        network = Network(widths)
        if method == "naive":
            naive(network)
            return
        report = verify(network, method=method)
        if not report.ok:
            raise AssertionError(report.text())

    return run


def wall_times(run: Callable[[], None], repeat: int, budget: float) -> list[float]:
    """Wall times of up to ``repeat`` runs, stopping once ``budget`` is spent.

    SymPy's cache is emptied before each run: otherwise a repeated naive
    run would find its own derivatives and expansions already made.
    """
    times: list[float] = []
    while len(times) < repeat and sum(times) < budget:
        clear_cache()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def machine() -> list[str]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("symbackprop", "sympy", "python-flint", "numpy", "tqdm")
    )
    return [
        f"cpus: {os.cpu_count()} ({cpu}), memory: {memory:.1f} GiB",
        f"python {platform.python_version()}, {packages}",
        f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}",
    ]


def cli_seconds(widths: list[str], repeat: int) -> float:
    """Median wall time of the command line from a fresh interpreter."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "symbackprop", "verify", *widths],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", action="store_true", help="add the 10⁷ network")
    parser.add_argument("--repeat", type=int, default=5, help="runs per method")
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds per method, roughly"
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=300.0,
        help="skip a method forecast to take longer than this",
    )
    args = parser.parse_args()
    shapes = {**SHAPES, **(LARGE if args.large else {})}

    print("\n".join(machine()))
    print()
    print(
        f"{'shape':<14} {'method':<7} {'runs':>4} {'first s':>10} {'median s':>10} "
        f"{'vs naive':>10}"
    )
    medians: dict[tuple[str, str], float] = {}
    for shape, methods in shapes.items():
        widths = [int(width) for width in shape.split("-")]
        for method in methods:
            expected = forecast(method, Network(widths))
            label = shape if len(shape) <= 14 else f"{widths[0]}×{len(widths)}"
            if expected > args.max_seconds:
                print(f"{label:<14} {method:<7}  skipped: forecast {expected:.3g} s")
                continue
            times = wall_times(runner(method, widths), args.repeat, args.budget)
            medians[shape, method] = statistics.median(times)
            baseline = medians.get((shape, "naive"))
            ratio = (
                "" if baseline is None else f"{baseline / medians[shape, method]:.0f}×"
            )
            print(
                f"{label:<14} {method:<7} {len(times):>4} {times[0]:>10.4f} "
                f"{medians[shape, method]:>10.4f} {ratio:>10}"
            )

    print()
    cli = cli_seconds(["784", "30", "10"], 3)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    targets = [
        ("exact 4-4-4-4 ≥ 1000× naive", ratio_at_least(medians, "4-4-4-4", 1000)),
        ("exact 5-5-5-5 ≥ 1000× naive", ratio_at_least(medians, "5-5-5-5", 1000)),
        (
            f"exact 8-8-8-8 < 10 s ({medians.get(('8-8-8-8', 'exact'), 0):.2f} s)",
            medians.get(("8-8-8-8", "exact"), 99) < 10,
        ),
        (f"symbackprop verify 784 30 10 < 2 s ({cli:.2f} s)", cli < 2),
    ]
    if args.large:
        large = medians[next(iter(LARGE)), "auto"]
        targets.append(
            (
                f"10⁷ weights < 30 s within 24 GiB ({large:.1f} s, peak {peak:.2f} "
                "GiB for the whole run)",
                large < 30 and peak < 24,
            )
        )
    for text, met in targets:
        print(f"{'met    ' if met else 'NOT met'}  {text}")
    print(machine()[-1])


def ratio_at_least(medians, shape: str, factor: float) -> bool:
    naive_seconds = medians.get((shape, "naive"))
    exact_seconds = medians.get((shape, "exact"))
    return (
        bool(naive_seconds and exact_seconds)
        and naive_seconds / exact_seconds >= factor
    )


if __name__ == "__main__":
    main()
