"""axe-core in the browser journeys: a page with a serious or critical violation fails.

The built axe-core script is vendored in tests/e2e/vendor/ (scripts/fetch-axe), so the suite
needs no Node. It is evaluated in the page through the DevTools protocol, which the page's
Content-Security-Policy does not govern.
"""

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

AXE_SCRIPT = Path(__file__).with_name("vendor") / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
# WCAG 2.2 A and AA plus axe's best practices (landmarks, headings, target size).
RUN_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def axe_violations(page) -> list[dict]:
    """Every violation axe finds on the page as it is now."""
    if not _timers_run(page):
        return _violations_of_scriptless_copy(page)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)",
                         RUN_OPTIONS)  # fmt: skip


def _timers_run(page) -> bool:
    """False in a context without JavaScript, where axe.run would wait forever."""
    try:
        page.wait_for_function("() => new Promise(r => setTimeout(() => r(true)))", timeout=3000)
    except PlaywrightTimeout:
        return False
    return True


def _violations_of_scriptless_copy(page) -> list[dict]:
    """axe on the page's current HTML, loaded where scripts may run but none are fetched."""
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        context.add_cookies(page.context.cookies())
        copy = context.new_page()
        copy.route("**/*", lambda route: route.abort() if route.request.resource_type == "script"
                   else route.continue_())  # fmt: skip
        copy.goto(page.url.split("#")[0].rsplit("/", 1)[0] + "/robots.txt")
        copy.set_content(page.content())
        return axe_violations(copy)
    finally:
        context.close()


def describe(violations: list[dict]) -> str:
    """One paragraph per rule: impact, rule, what it asks, and the elements that break it."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:6]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    - {target}\n      {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 6:
            lines.append(f"    … and {len(violation['nodes']) - 6} more")
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    """Fail the test on any serious or critical axe violation on the page as it is now."""
    page.wait_for_load_state("load")
    bad = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    if bad:
        pytest.fail(
            f"axe: {len(bad)} serious or critical violation(s) on {where or page.url}\n"
            + describe(bad),
            pytrace=False,
        )
