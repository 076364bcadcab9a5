"""Real-browser journeys: Playwright driving Debian's chromium against the live test server."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.axe import assert_accessible

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}  # fmt: skip
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
DEMO_PASSWORD = "Demo-Peramban-2026"
DEMO_PNS = "198609262015051001"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (fixtures, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "chromium missing: install Debian's chromium (apt-get install chromium) to run"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                  "--disable-gpu", "--no-first-run", "--disable-sync", "--disable-quic"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db):
    call_command("seed_demo", password=DEMO_PASSWORD, json=True, stdout=open(os.devnull, "w"))


@pytest.fixture
def shot():
    """Check the page with axe-core, then save a full-page screenshot under test-artifacts/
    (looked at by people, kept by CI). Every page a journey photographs is checked."""
    ARTIFACTS.mkdir(exist_ok=True)

    def save(page, name: str) -> Path:
        assert_accessible(page, name)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def log_in(page, base_url: str, nip: str = DEMO_PNS, password: str = DEMO_PASSWORD):
    page.goto(base_url + "/login/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log In").click()
    page.wait_for_url(base_url + "/")
