"""The batch report in a real browser (Debian's headless Chromium): it renders, and it loads
nothing from the network. A control page with two external loads proves the net-log
check can see a page's requests (Chromium's own background traffic is told apart by its
network isolation key)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT
from tests.servers import batna_batch

ARTIFACTS = ROOT / "artifacts"


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.fail(
            "chromium is missing: apt-get update -q && DEBIAN_FRONTEND=noninteractive"
            " apt-get install -y -q chromium (scripts/system-tools.sh, run by make test)"
        )
    return found


def _browse(page: Path, tmp_path: Path, *extra: str) -> tuple[str, list[str]]:
    """The page's DOM after load, and the non-file URLs the page itself requested."""
    net_log = tmp_path / f"{page.stem}-net.json"
    run = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--log-net-log={net_log}",
            f"--user-data-dir={tmp_path / 'profile'}",
            *extra,
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    events = json.loads(net_log.read_text())["events"]
    loads = sorted(
        {
            params["url"]
            for params in (e.get("params", {}) for e in events)
            if "url" in params
            and "file://" in str(params.get("network_isolation_key", ""))
            and not params["url"].startswith("file:")
        }
    )
    return run.stdout, loads


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    cases = [json.loads(p.read_text())["payload"] for p in sorted(CASES.glob("*.json"))]
    rows = folder / "rows.jsonl"
    rows.write_text("".join(json.dumps(cases[i % len(cases)]) + "\n" for i in range(320)))
    page = folder / "report.html"
    batna_batch(rows, folder / "out.jsonl", "--report", str(page), timeout=120)
    assert page.is_file()
    return page


def test_the_report_renders_in_chromium_and_loads_nothing(report: Path, tmp_path: Path) -> None:
    dom, loads = _browse(report, tmp_path)
    assert loads == []
    assert "<b>320</b> rows" in dom
    assert "Overall recommendation" in dom
    assert dom.count("<svg") == 4
    assert "WALK-001" in dom
    assert "Rows that failed validation" in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "batch-report.png"
    subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'shot'}",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            report.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a drawn page, not a blank one


def test_the_network_check_sees_a_page_that_does_load(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(
        '<!doctype html><img src="http://192.0.2.1/x.png">'
        '<link rel="stylesheet" href="https://example.invalid/a.css"><p>control</p>'
    )
    dom, loads = _browse(control, tmp_path)
    assert "control" in dom
    assert loads == ["http://192.0.2.1/x.png", "https://example.invalid/a.css"]
