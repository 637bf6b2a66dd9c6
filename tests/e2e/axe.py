"""axe-core in the browser tests: no critical or serious accessibility violation.

``check_axe(page, name)`` runs the vendored axe-core (vendor/axe-core, never
fetched from the internet) on the page as it is shown, prints every violation
it finds, and fails the test on any whose impact is "critical" or "serious".
Minor and moderate ones are printed for a person to weigh, not failed.

The script goes in with ``page.evaluate``: the site's CSP (script-src 'self')
blocks the inline <script> that ``page.add_script_tag`` writes, and a context
with ``bypass_csp=True`` would hide the very CSP violations the journeys look
for. Code evaluated through the DevTools protocol is not subject to the page's
CSP, and axe.run itself needs no eval (axe-core >= 3.3.1 runs under a strict
CSP), so the page's own console and CSP listeners stay clean.

``AXE_REPORT_ONLY=1`` prints without failing: for surveying every page of a
journey in one run. ``report_only=True`` does the same for one page: the
Wagtail admin's screens, whose violations are Wagtail's to fix (their counts
are returned and printed for the report).
"""

import json
import os
from pathlib import Path

AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "axe"
FAILING = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")
TARGETS_SHOWN = 3

_source = None


def _axe_source():
    global _source
    if _source is None:
        _source = AXE_SOURCE.read_text(encoding="utf-8")
    return _source


def _describe(violation):
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    shown = ", ".join(targets[:TARGETS_SHOWN])
    more = f" (+{len(targets) - TARGETS_SHOWN})" if len(targets) > TARGETS_SHOWN else ""
    return (
        f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
        f" — {len(targets)} node(s): {shown}{more}"
    )


def check_axe(page, name, *, report_only=False):
    """Run axe-core on ``page``; fail on critical or serious violations.

    ``name`` names the page type in the messages and in
    test-artifacts/axe/<name>.json (the full results, for looking into).
    Returns the violations' counts by impact; ``report_only`` never fails.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, html: n.html,
                                            summary: n.failureSummary})),
            }));
        }"""
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(
        json.dumps({"url": page.url, "violations": violations}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    counts = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
    summary = " ".join(f"{impact}={count}" for impact, count in counts.items())
    print(f"axe {name} ({page.url}): {summary}")  # noqa: T201
    for violation in violations:
        print(_describe(violation))  # noqa: T201
    failing = [v for v in violations if v["impact"] in FAILING]
    if failing and not (report_only or os.environ.get("AXE_REPORT_ONLY")):
        details = "\n".join(_describe(v) for v in failing)
        raise AssertionError(f"axe: critical/serious violations on {name} ({page.url}):\n{details}")
    return counts
