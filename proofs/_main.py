"""Running one step of the proof on its own: ``python3 -m proofs.<step>``."""

from __future__ import annotations

import sys
from types import ModuleType


def main(step: ModuleType) -> None:
    """Run a step, print its result on stdout, exit 0 if it holds, else 1."""
    result = step.run()
    verdict = "holds" if result.ok else "FAILS"
    print(f"§{result.section} {result.name}: {verdict}")
    print(f"  claim:  {result.claim}")
    print(f"  level:  {result.level}, {len(result.shapes)} shapes checked")
    print(f"  time:   {result.seconds:.2f} s")
    if result.message:
        print(f"  counterexample: {result.message}")
    sys.exit(0 if result.ok else 1)
