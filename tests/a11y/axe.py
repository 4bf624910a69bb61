"""axe-core in Playwright: find (or install) axe.min.js and report violations.

axe-core comes from npm into ``.cache/axe`` (``make test`` installs it; this
module installs it too when it is missing). It is injected into the page under
test with ``add_script_tag`` (or preloaded in every document of a context with
``add_init_script``); the browser contexts that run it bypass the app's CSP
(``script-src 'self'``), for tests only. It is never served by the app.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = ROOT / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks, headings...).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_path() -> Path:
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install axe-core: run `make test` (it installs it)")
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(AXE_DIR), "axe-core@4"], check=True, timeout=300)
    return AXE_JS


def preload_axe(context) -> None:
    """Have axe in every document the context loads (faster than injecting it per page)."""
    context.add_init_script(path=str(axe_path()))


def run_axe(page) -> list[dict]:
    """The axe violations on the page as loaded, one dict per rule."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path()))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' +
                                                   (n.failureSummary || '').slice(0, 200)),
            }));
        }""",
        TAGS,
    )


def describe(url: str, violations: list[dict]) -> list[str]:
    return [f"{url}: {v['id']} ({v['impact']}): {v['help']} -> {v['nodes']}" for v in violations]
