"""Page weight: what each main page costs on a first visit, in headless Chromium.

Imports the modules in ``modules/`` into a scratch SQLite database, serves the
app on a random local port, signs in a learner and loads every main page in a
fresh browser context (empty cache). For each page it prints the number of
requests and the bytes of everything loaded (HTML, CSS, JS, fonts, images),
uncompressed and gzip-compressed (level 6, as the nginx set-up in
docs/deploy.md serves text types; already-compressed images count as is).

Exits 1 if any lesson page is over budget (60 KB uncompressed or 20 KB
compressed) or if any page loads anything from another origin.

    .venv/bin/python benchmarks/page_weight.py [--modules modules/]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LESSON_BUDGET = 60 * 1024
LESSON_BUDGET_GZIP = 20 * 1024
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg\+xml)")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]


@dataclass
class Weight:
    """Bytes loaded by one page on a first visit."""

    url: str
    requests: int = 0
    raw: int = 0
    gzipped: int = 0
    foreign: list[str] = field(default_factory=list)

    @property
    def is_lesson(self) -> bool:
        return "/lessons/" in self.url

    @property
    def over_budget(self) -> bool:
        return self.is_lesson and (self.raw > LESSON_BUDGET or self.gzipped > LESSON_BUDGET_GZIP)


def compressed_size(body: bytes, content_type: str) -> int:
    if COMPRESSIBLE.match(content_type):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def cold_page(context):
    """A page whose browser cache is off: every load costs what a first visit costs."""
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return page


def measure(page, base_url: str, path: str, settle: bool = True) -> Weight:
    """Load ``path`` in ``page`` (see :func:`cold_page`) and add up every response body.

    ``settle`` also waits for the network to go quiet (late requests such as the icon).
    """
    weight = Weight(path)
    responses = []

    def collect(response) -> None:
        responses.append(response)

    page.on("response", collect)
    try:
        page.goto(base_url + path, wait_until="load")
        if settle:
            page.wait_for_load_state("networkidle")
        origin = urlsplit(base_url).netloc
        for response in responses:
            if response.url.startswith("data:"):
                continue
            if urlsplit(response.url).netloc != origin:
                weight.foreign.append(response.url)
            if 300 <= response.status < 400:
                continue
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - a body the browser did not keep
                continue
            kind = response.headers.get("content-type", "")
            weight.requests += 1
            weight.raw += len(body)
            weight.gzipped += compressed_size(body, kind)
    finally:
        page.remove_listener("response", collect)
    return weight


def sign_in(browser, base_url: str, email: str, password: str) -> dict:
    """The cookies of a signed-in learner (from a context of its own, so no cache is shared)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form.stack [type=submit]")
    page.wait_for_load_state("load")
    state = context.storage_state()
    context.close()
    return state


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not path:
        sys.exit("Chromium is not installed (Debian package 'chromium').")
    return path


def _serve(app) -> tuple[str, object]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


PASSWORD = "page weight benchmark"
USERS = {"learner": "weight@example.org", "admin": "weight-admin@example.org"}


def _role_for(app, endpoint: str) -> str:
    policy = app.view_functions[endpoint].access_policy
    return {"public": "visitor", "authenticated": "learner"}.get(policy.name, "admin")


def _prepare(app, modules_dir: Path) -> list[tuple[str, str]]:
    """Import the modules, create the users, return the main pages as (path, role)."""
    from flask_migrate import upgrade

    from coursehub.accounts.services import create_or_update_user
    from coursehub.content import queries
    from coursehub.content.importer import import_module
    from coursehub.content.validator import find_module_folders, validate_module
    from coursehub.core.db import db

    with app.app_context():
        upgrade()
        for folder in find_module_folders(modules_dir):
            result = validate_module(folder)
            if result.ok:
                import_module(result.source)
        for role, email in USERS.items():
            create_or_update_user(email=email, password=PASSWORD, name=f"Page Weight {role}",
                                  role=role, justice_role="other", country="UY")
        db.session.commit()
        # Every page without parameters (as whoever may see it), then each module's pages.
        pages = [(rule.rule, _role_for(app, rule.endpoint)) for rule in app.url_map.iter_rules()
                 if "GET" in (rule.methods or ()) and not rule.arguments
                 and rule.endpoint not in ("static", "core.home", "core.healthz")]
        for module in queries.published_modules():
            version = module.current_version
            pages.append((f"/modules/{module.slug}", "learner"))
            pages += [(f"/modules/{module.slug}/lessons/{key}", "learner")
                      for key in version.lesson_keys]
            pages.append((f"/modules/{module.slug}/quiz", "learner"))
        return pages


def _is_page(context, url: str) -> bool:
    """An HTML page the browser shows (not a CSV, JSON, download or error)."""
    response = context.request.get(url)
    return (response.ok and response.headers.get("content-type", "").startswith("text/html")
            and "attachment" not in response.headers.get("content-disposition", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=Path, default=ROOT / "modules")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from coursehub import create_app

    with tempfile.TemporaryDirectory() as scratch:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/weight.sqlite3",
                          "SECRET_KEY": "page-weight", "COURSEHUB_MODULES_DIR": str(args.modules)})
        pages = _prepare(app, args.modules)
        base_url, server = _serve(app)
        weights = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(),
                                                 args=CHROMIUM_ARGS)
            contexts = {"visitor": browser.new_context()}
            for role, email in USERS.items():
                contexts[role] = browser.new_context(
                    storage_state=sign_in(browser, base_url, email, PASSWORD))
            tabs = {role: cold_page(context) for role, context in contexts.items()}
            for path, role in pages:
                if _is_page(contexts[role], base_url + path):
                    weights.append(measure(tabs[role], base_url, path))
            for context in contexts.values():
                context.close()
            browser.close()
        server.shutdown()
    return report(weights)


def report(weights: list[Weight]) -> int:
    print(f"{'page':<72} {'req':>3} {'bytes':>8} {'gzip':>7}  budget")
    for w in weights:
        verdict = ("OVER" if w.over_budget else "ok") if w.is_lesson else "-"
        print(f"{w.url:<72} {w.requests:>3} {w.raw:>8} {w.gzipped:>7}  {verdict}")
    lessons = [w for w in weights if w.is_lesson]
    over = [w for w in weights if w.over_budget]
    foreign = [u for w in weights for u in w.foreign]
    if lessons:
        heaviest = max(lessons, key=lambda w: w.raw)
        print(f"\n{len(weights)} pages, {len(lessons)} lessons; heaviest lesson {heaviest.url}: "
              f"{heaviest.raw / 1024:.1f} KB, {heaviest.gzipped / 1024:.1f} KB gzip "
              f"(budget {LESSON_BUDGET // 1024} KB / {LESSON_BUDGET_GZIP // 1024} KB)")
    print(f"lesson pages over budget: {len(over)}; third-party requests: {len(foreign)}")
    for url in foreign:
        print(f"  third-party: {url}")
    return 1 if over or foreign else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
