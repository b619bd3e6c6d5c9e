"""A real browser for page tests: Debian's Chromium driven by Playwright.

Outside CI the tests skip when Chromium or Playwright is missing; in CI (REQUIRE_POSTGRES=1) they fail instead.
Screenshots go to test-artifacts/ (kept by CI, ignored by git).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (Path(executable).exists() or shutil.which(executable)):
        _unavailable(f"Chromium not found at {executable} (set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def make_context(browser):
    """make_context(**options) → a fresh browser context (own cookies), closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(locale="vi-VN", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_context):
    """A desktop-sized page in its own context."""
    return make_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def phone_page(make_context):
    """A 390×844 phone-sized page (touch, mobile viewport) in its own context."""
    return make_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()


@pytest.fixture
def screenshot(request):
    """screenshot(page, step) saves test-artifacts/<test>-<step>.png (whole page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)

    def shoot(page, step: str) -> Path:
        path = ARTIFACTS / f"{name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return shoot


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts that fail a page (axe-core's two highest of minor, moderate, serious, critical).
BLOCKING = {"serious", "critical"}


@pytest.fixture
def axe():
    """axe(page) runs axe-core (npm, installed by `make setup`) on the page; fails on a serious or critical
    violation and returns every violation found. The script is evaluated through the browser's debugging
    protocol, so the page's Content-Security-Policy does not need loosening."""
    if not AXE.exists():
        _unavailable(f"axe-core not installed at {AXE} (run `make setup`)")
    source = AXE.read_text(encoding="utf-8")

    def check(page) -> list[dict]:
        page.evaluate(source)
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        blocking = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                    for v in violations if v["impact"] in BLOCKING]
        assert not blocking, "axe-core:\n" + "\n".join(blocking)
        return violations
    return check
