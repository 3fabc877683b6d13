"""Escape sequences in Moodle cohort names never reach the terminal; JSON keeps them intact."""

from __future__ import annotations

import json

import pytest

from sync_helper.cli.render import emit_json, for_terminal, line, table, warn
from sync_helper.sim import SimServer
from tests.cli.conftest import Cli

HOSTILE = "LICENCE\x1b]0;pwned\x07 1\x1b[2J\x1b[31m CHIMIE\r\x9b1mX\u202eEIMIHC\x00\x7f"
CONTROLS = ("\x1b", "\x07", "\r", "\x9b", "\u202e", "\x00", "\x7f", "pwned", "[2J", "[31m")


def shows_nothing_hostile(text: str) -> None:
    for control in CONTROLS:
        assert control not in text, repr(control)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[1;31mb\x1b[0mc", "abc"),
        ("title\x1b]0;owned\x07!", "title!"),
        ("link\x1b]8;;https://evil\x1b\\x\x1b]8;;\x1b\\", "linkx"),
        ("dcs\x1bPq#0;2;0;0;0\x1b\\end", "dcsend"),
        ("c1\x9b2Jend", "c1end"),
        ("over\rwrite", "overwrite"),
        ("bidi\u202etxt\u2066i\u2069", "biditxti"),
        ("kept\ttab\nand newline, accents é ß 漢", "kept\ttab\nand newline, accents é ß 漢"),
        ("trailing escape\x1b", "trailing escape"),
    ],
)
def test_for_terminal_removes_whole_sequences(raw: str, shown: str) -> None:
    assert for_terminal(raw) == shown


def test_cohort_names_are_shown_without_control_characters(cli: Cli, sim: SimServer) -> None:
    sim.site.cohorts[1].name = HOSTILE
    runs = [
        cli("cohorts", "search", "L1CHIM231"),
        cli("sync", "2", "L1CHIM231"),
        cli("status", "2"),
        cli("--yes", "unsync", "2", "L1CHIM231"),
    ]
    for run in runs:
        assert run.code == 0, run.err
        shows_nothing_hostile(run.out + run.err)
    assert "CHIMIE" in runs[0].out


def test_json_keeps_the_name_intact_and_escaped(cli: Cli, sim: SimServer) -> None:
    sim.site.cohorts[1].name = HOSTILE
    run = cli("--json", "cohorts", "search", "L1CHIM231")
    assert run.code == 0, run.err
    shows_nothing_hostile(run.out.replace("pwned", "").replace("[2J", "").replace("[31m", ""))
    assert "\\u001b]0;pwned\\u0007" in run.out
    assert "\\u009b" in run.out and "\\u202e" in run.out
    assert any(c["name"] == HOSTILE for c in run.json()["cohorts"])


def test_line_warn_and_table_strip_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    line(f"out {HOSTILE}")
    warn(f"err {HOSTILE}")
    table(f"T {HOSTILE}", (f"c{HOSTILE}",), [(HOSTILE,), (None,)])
    captured = capsys.readouterr()
    shows_nothing_hostile(captured.out + captured.err)
    assert captured.out.startswith("out LICENCE 1 CHIMIEXEIMIHC\n")
    assert captured.err == "err LICENCE 1 CHIMIEXEIMIHC\n"
    assert "T LICENCE 1 CHIMIEXEIMIHC" in captured.out
    assert "cLICENCE" in captured.out


def test_emit_json_escapes_what_terminals_act_on(capsys: pytest.CaptureFixture[str]) -> None:
    emit_json({"name": HOSTILE, "plain": "é ß 漢"})
    out = capsys.readouterr().out
    shows_nothing_hostile(out.replace("pwned", "").replace("[2J", "").replace("[31m", ""))
    assert json.loads(out) == {"name": HOSTILE, "plain": "é ß 漢"}
    assert "é ß 漢" in out  # readable text stays readable
    assert out.endswith("}\n") and out.startswith('{\n  "name"')


def test_tables_off_a_terminal_are_never_cut(capsys: pytest.CaptureFixture[str]) -> None:
    long = "X" * 300
    table("wide", ("a",), [(long,)])
    assert long in capsys.readouterr().out


def test_table_titles_are_left_and_empty_cells_empty(capsys: pytest.CaptureFixture[str]) -> None:
    table("Cohorts", ("code", "name"), [("L1CHIM231", None)])
    out = capsys.readouterr().out
    assert out.startswith("Cohorts ")  # left-justified: padded on the right only
    assert "None" not in out
