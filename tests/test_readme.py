"""The README's front door works as written.

The quick start's two commands are the ones CI runs, and every console
example in the README (a block of ``$ symbackprop ...`` lines followed by
their output) is run again and must print what the README shows, up to
timings and the seeds of random checks.
"""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# what differs from run to run: timings (the only decimals printed)
VOLATILE = [(re.compile(r"\d+\.\d+(e-?\d+)?"), "<number>")]


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [
        line.strip()
        for line in section.splitlines()
        if line.startswith("    ") and line.strip()
    ]


def console_examples() -> list[tuple[str, str]]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            examples.append((command, "\n".join(output)))
    return examples


def normalise(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def test_quick_start_is_install_then_main_job_and_test_command():
    install_and_run, test = quick_start()
    assert install_and_run.startswith("pip install -e '.[test]' && symbackprop ")
    assert test == "python3 -m pytest -q"
    assert test in (ROOT / ".ci" / "run").read_text()


def test_quick_start_main_job_passes():
    main_job = quick_start()[0].split("&&", 1)[1].split()
    assert main_job[0] == "symbackprop"
    result = subprocess.run(
        [sys.executable, "-m", "symbackprop", *main_job[1:]],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "command, shown", console_examples(), ids=[c for c, _ in console_examples()]
)
def test_readme_example_prints_what_the_readme_shows(command, shown, tmp_path):
    words = shlex.split(command)
    assert words[0] == "symbackprop"
    result = subprocess.run(
        [sys.executable, "-m", "symbackprop", *words[1:]],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    # results go to stdout; a refused request prints only on stderr
    printed = result.stdout if result.stdout else result.stderr
    assert normalise(printed) == normalise(shown)


def test_readme_python_examples_run_as_shown():
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner()
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README python block {number}", None, 0)
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
