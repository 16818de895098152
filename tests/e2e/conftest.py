"""Browser tests: Debian's chromium driven by Playwright against Django's live server.

Playwright's own browser download cannot work here, so the tests use the chromium at
$CHROMIUM_PATH (default /usr/bin/chromium). Without it they are skipped, unless
REQUIRE_BROWSER_TESTS=1 (as in CI), when they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# tests themselves (building data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page; any Content-Security-Policy violation it reports fails the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_violations = refused
    yield page
    context.close()
    assert refused == [], "the page broke its Content-Security-Policy"


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot into test-results/screenshots/ for review."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


AXE = (
    Path(__file__).resolve().parents[2]
    / "var"
    / "node"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)


def _install_axe() -> None:
    """axe-core comes from the npm registry; install it beside the project once."""
    npm = shutil.which("npm")
    if npm and not AXE.exists():
        subprocess.run(
            [npm, "install", "--prefix", str(AXE.parents[2]), "axe-core@4", "--no-audit",
             "--no-fund", "--silent"],
            check=False,
            timeout=300,
        )  # fmt: skip


@pytest.fixture(scope="session")
def axe_source() -> str:
    _install_axe()
    if not AXE.exists():
        message = "accessibility tests need axe-core from npm (npm install axe-core)"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


@pytest.fixture
def axe(page, axe_source):
    """Run axe-core on the current page; return its serious and critical violations."""

    def check() -> list[dict]:
        page.evaluate(axe_source)  # not a <script> tag: the CSP allows no inline scripts
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check
