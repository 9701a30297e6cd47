"""The web interface through a real browser: Debian's Chromium driven by Playwright (no browser download), on the
session's dev stack. Every page a story visits is checked by axe-core (no serious or critical violation) and
photographed at 1280 px and 390 px (down to 20,000 px) under ``test-artifacts/ui/`` for a person to look at."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, FloatRect, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.support.stack import Stack

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"
WIDTHS = (1280, 390)
# A screenshot stops this far down: below the longest form at 390 px (a criteria report's, about 19,300 px). A
# regulation's whole page is 68,000 px tall at 1280 px (every obligation, every site's rule); photographing all of it
# took 7 s of the suite for an image nobody can look through, and its top shows every pattern the rest repeats.
# axe-core still checks the whole page.
SHOT_HEIGHT = 20_000
PAGE_HEIGHT = "() => document.documentElement.scrollHeight"
AXE_LOADED = "() => typeof window.axe === 'object'"
AXE_VIOLATIONS = "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
SETTLED = (
    "() => document.fonts.status === 'loaded'"
    " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
)


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("Chromium is missing: `make test` installs it (apt-get install -y chromium)")
    return found


# Per module, not per session: the sync API runs its own event loop in this thread while it is started, and the
# async tests of the suite (pytest-asyncio) cannot run their loop beside it.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--lang=ru-RU"]
    )
    yield browser
    browser.close()


class Visitor:
    """A person at the browser: signs in, visits pages, and has each page looked at."""

    axe = Axe()

    def __init__(self, browser: Browser, base_url: str, story: str) -> None:
        self.base_url = base_url
        self.story = story
        self.context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="ru-RU")
        self.page: Page = self.context.new_page()
        self.shots = 0

    def sign_in(self, login: str, password: str = "demo") -> None:
        self.page.goto("/login")
        self.page.get_by_label("Логин").fill(login)
        self.page.get_by_label("Пароль").fill(password)
        self.page.get_by_role("button", name="Войти").click()
        # The form is boosted: no navigation to wait for, so wait for the address htmx pushes after the answer
        # (a load state reached before the click would not wait at all, and a slow sign-in under load would fail).
        # htmx pushes it in the same task as it swaps the landing page in, so the page is there once it changes;
        # waiting for the network to be idle on top cost half a second per sign-in (`look` still waits for it).
        try:
            self.page.wait_for_url(lambda url: "/login" not in url, timeout=30_000)
        except PlaywrightError:
            raise AssertionError(self.page.content()[:2000]) from None

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Выйти").click()
        self.page.wait_for_url(re.compile(r"/login"))

    def goto(self, path: str) -> None:
        """Until the page's load event: the pages fetch nothing after it (htmx requests only on a change or a
        submit), so the network going idle, half a second later, is left to `look`."""
        self.page.goto(path)

    def look(self, name: str) -> None:
        """axe-core finds nothing serious or critical on the page; screenshots at both widths are saved."""
        # The pages fetch nothing after their load event (htmx asks only on a change or a submit): what `look` waits
        # for is the load, the web fonts, and any htmx request of the last click answered and swapped in. Waiting for
        # the network to be idle instead cost half a second of nothing per look (165 looks in the suite).
        self.page.wait_for_load_state("load")
        self.page.wait_for_function(SETTLED)
        # axe-core (570 KB of script) goes into a document once: a look after an htmx swap or a boosted form finds
        # it there still. The wrapper's run() evaluated the whole script again at every look.
        if not self.page.evaluate(AXE_LOADED):
            self.page.evaluate(self.axe.axe_script)
        violations = self.page.evaluate(AXE_VIOLATIONS)
        bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
        assert not bad, "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in bad
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            path = ARTIFACTS / f"{self.story}-{self.shots:02d}-{name}-{width}.png"
            height = min(int(self.page.evaluate(PAGE_HEIGHT)), SHOT_HEIGHT)
            clip = FloatRect(x=0, y=0, width=width, height=height)
            self.page.screenshot(path=str(path), full_page=True, clip=clip)
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visitor(browser: Browser, dev_stack: Stack, request: pytest.FixtureRequest) -> Iterator[Visitor]:
    """A fresh browser context (no cookies) on the dev stack, named after the test."""
    person = Visitor(browser, dev_stack.api_url, request.node.name.removeprefix("test_"))
    yield person
    person.close()


@pytest.fixture
def second_visitor(browser: Browser, dev_stack: Stack, request: pytest.FixtureRequest) -> Iterator[Visitor]:
    person = Visitor(browser, dev_stack.api_url, request.node.name.removeprefix("test_") + "-2")
    yield person
    person.close()
