"""Running one step of the proof on its own: ``python3 -m proofs.<step>``."""

from __future__ import annotations

import sys
from types import ModuleType

from symbackprop.proof import depths_text


def main(step: ModuleType) -> None:
    """Run a step, print its result on stdout, exit 0 if it holds, else 1."""
    result = step.run()
    verdict = "holds" if result.ok else "FAILS"
    print(f"§{result.section} {result.name}: {verdict}")
    print(f"  claim:  {result.claim}")
    symbolic = depths_text(result.shapes)
    symbolic = f", symbolic widths {symbolic}" if symbolic else ""
    print(
        f"  level:  {result.level}, {len(result.concrete_shapes)} concrete "
        f"shapes{symbolic}"
    )
    print(f"  time:   {result.seconds:.2f} s")
    if result.message:
        print(f"  counterexample: {result.message}")
    sys.exit(0 if result.ok else 1)
