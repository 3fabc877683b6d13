"""Live cohort facts: ``sync-helper cohorts export`` against the simulator, then the site.

The export is produced by the CLI, as a subprocess, from the demo simulator over loopback
HTTP, after changing a few cohorts as a Moodle administrator would (one deleted, one hidden,
one emptied, one moved to a category). The site is then built from that file with the
simulator stopped and no token in the environment: the pages must show what Moodle had.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sync_helper.sim import SimServer
from tests.conftest import QUIET_ENV, ROOT, build_site
from tests.index.site_copy import write_site_config
from tests.site.rendered_page import load_page, main_content

pytestmark = pytest.mark.build

INSTITUTION = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))
CATALOG = [ROOT / name for name in INSTITUTION["catalog"]]
DELETED, HIDDEN, EMPTIED, MOVED = "L1CHBV231", "L1HIST231", "L1PHYS231", "M1CHIM231"


def run_cli(*args: str, url: str, token: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOODLE_", "SYNC_HELPER_"))}
    env.update(MOODLE_URL=url, MOODLE_TOKEN=token, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "sync_helper", *args],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


@dataclass(frozen=True)
class Export:
    path: Path
    tokens: list[str]
    members: dict[str, int]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    path = tmp_path_factory.mktemp("export") / "cohortes-moodle.json"
    with SimServer.start(scenario="demo", port=0) as sim:
        site = sim.site
        by_code = {cohort.idnumber: cohort for cohort in site.cohorts.values()}
        del site.cohorts[by_code[DELETED].id]
        by_code[HIDDEN].visible = False
        by_code[EMPTIED].members = []
        by_code[MOVED].contextid = next(c.id for c in site.contexts.values() if c.level == 40)
        result = run_cli("cohorts", "export", str(path), url=sim.url, token=sim.tokens["admin"])
        assert result.returncode == 0, result.stderr
        assert f"to {path}" in result.stdout
        members = {code: len(c.members) for code, c in by_code.items() if code != DELETED}
        tokens = list(sim.tokens.values())
    return Export(path, tokens, members)  # the simulator is stopped before the site is built


@pytest.fixture(scope="module")
def site(export: Export, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("facts-site")
    config = write_site_config(folder, CATALOG, cohort_facts=str(export.path))
    return build_site(folder / "site", config=config)


def formation_block(site: Path, code: str) -> str:
    page = load_page(site / "codes" / "formations" / code / "index.html")
    blocks = main_content(page).find_all("div", "cohort-facts")
    assert len(blocks) == 1, code
    return blocks[0].text()


def test_export_file_holds_every_cohort_and_no_token(export: Export) -> None:
    text = export.path.read_text(encoding="utf-8")
    assert not any(token in text for token in export.tokens)
    data = json.loads(text)
    cohorts = {item["idnumber"]: item for item in data["cohorts"]}
    assert {code: item["members"] for code, item in cohorts.items()} == export.members
    assert DELETED not in cohorts
    assert cohorts[HIDDEN]["visible"] is False and cohorts[MOVED]["context"] == "category"
    assert cohorts["L1CHIM231"] == {
        **cohorts["L1CHIM231"],
        "members": 64,
        "visible": True,
        "context": "system",
    }


def test_formation_pages_show_what_moodle_has(site: Path) -> None:
    assert "64 membres" in formation_block(site, "L1CHIM231")
    assert "existe dans Moodle et compte 3 membres" in formation_block(site, "L1MATH231")
    assert "Aucune cohorte ne porte ce code" in formation_block(site, DELETED)
    assert "masquée" in formation_block(site, HIDDEN)
    assert "vide" in formation_block(site, EMPTIED)
    assert "catégorie de cours" in formation_block(site, MOVED)


def test_missing_page_lists_codes_no_cohort_carries(site: Path) -> None:
    page = main_content(load_page(site / "codes" / "absentes" / "index.html"))
    tables = page.find_all("table")
    assert len(tables) == 3
    codes = [[cell.text() for cell in t.find_all("code")] for t in tables]
    assert codes == [[DELETED], [HIDDEN], [EMPTIED]]


def test_search_data_carries_the_facts(site: Path) -> None:
    data = json.loads((site / "codes" / "search" / "cohorts.json").read_text(encoding="utf-8"))
    assert data["cohorts"][DELETED] is None
    assert data["cohorts"]["L1CHIM231"] == {"visible": True, "members": 64, "context": "system"}
    assert data["cohorts"][HIDDEN]["visible"] is False


def test_faq_links_to_the_missing_page(built_site: Path) -> None:
    faq = load_page(built_site / "faq-cohorte-absente" / "index.html")
    hrefs = [a.attrs.get("href") for a in main_content(faq).find_all("a")]
    assert "../codes/absentes/" in hrefs


def test_without_the_file_nothing_is_added(built_site: Path) -> None:
    page = load_page(built_site / "codes" / "formations" / "L1CHIM231" / "index.html")
    assert main_content(page).find_all("div", "cohort-facts") == []
    assert not (built_site / "codes" / "search" / "cohorts.json").exists()
    absentes = main_content(load_page(built_site / "codes" / "absentes" / "index.html"))
    assert "aucun export n'est configuré" in absentes.text()


def test_a_bad_facts_file_fails_the_build_with_its_field(tmp_path: Path) -> None:
    bad = tmp_path / "cohorts.json"
    bad.write_text(
        json.dumps({"format": "sync-helper-cohort-facts", "version": 1, "moodle_url": "x",
                    "exported_at": "x", "cohorts": [{"id": 1, "idnumber": "A", "name": "A",
                                                     "visible": "yes", "context": "system",
                                                     "members": 1}]}),
        encoding="utf-8",
    )  # fmt: skip
    config = write_site_config(tmp_path, CATALOG, cohort_facts=str(bad))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
         "--site-dir", str(tmp_path / "site")],
        capture_output=True, text=True, env={**os.environ, **QUIET_ENV}, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "$.cohorts[0].visible: expected bool, got 'yes'" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_refused_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "cohorts.json"
    with SimServer.start(scenario="demo", port=0) as sim:
        result = run_cli("cohorts", "export", str(target), url=sim.url, token=sim.tokens["teacher"])
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip()
    assert list(tmp_path.iterdir()) == []
