"""``symbackprop verify --all-shapes``: exit codes, JSON, refusals."""

from __future__ import annotations

import json

import pytest

from symbackprop.cli import main


@pytest.mark.parametrize("extra", [[], ["--batch"]])
def test_all_shapes_json_has_null_shape_and_symbolic_widths(capsys, extra):
    assert main(["verify", "--all-shapes", "--layers", "3", "--json", *extra]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["shape"] is None and data["method"] == "all-shapes"
    assert data["widths"] == ["n_1", "n_2", "n_3"]
    assert [layer["shape"] for layer in data["layers"]] == [
        ["n_2", "n_1"],
        ["n_3", "n_2"],
    ]
    assert data["batch"] == ("B" if extra else None)


def test_all_shapes_text_says_verified(capsys):
    assert main(["verify", "--all-shapes", "--layers", "2"]) == 0
    out = capsys.readouterr().out
    assert "symbolic widths" in out and "verified:" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--all-shapes"], "needs --layers"),
        (["--all-shapes", "--layers", "1"], "between 2 and 64"),
        (["--all-shapes", "--layers", "0"], "between 2 and 64"),
        (["--all-shapes", "--layers", "100000"], "between 2 and 64"),
        (["2", "3", "--all-shapes", "--layers", "2"], "not both"),
        (["--layers", "3"], "need --all-shapes"),
        (["--batch", "2", "3"], "need --all-shapes"),
        (["--all-shapes", "--layers", "3", "--method", "sympy"], "does not apply"),
        ([], "at least two layer widths"),
    ],
)
def test_bad_all_shapes_requests_exit_2_with_one_line(capsys, argv, message):
    assert main(["verify", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and captured.err.count("\n") == 1


def test_an_unparsable_depth_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", "--all-shapes", "--layers", "x"])
    assert exit_info.value.code == 2
    assert "--layers" in capsys.readouterr().err
