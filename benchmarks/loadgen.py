"""The load generator of benchmarks/load.py: run as its own process, never imported by the app.

Reads a JSON plan on stdin, drives ``users`` virtual users (one keep-alive
connection and one cookie jar each, no think time) against ``base`` (which
must be on 127.0.0.1) for ``duration`` seconds, and prints JSON statistics per
request kind on stdout. Scenarios:

- ``static``: GET ``/`` (the ceiling app's page).
- ``lessons``: signed-in learners read lesson pages, cycling through every lesson.
- ``journey``: signed-in learners read a module's lessons, open its quiz,
  submit it (first option of every question), and open the result.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from collections import defaultdict
from urllib.parse import urlsplit

import aiohttp
from yarl import URL

_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
_TICKET = re.compile(r'name="ticket" value="([^"]+)"')
_OPTION = re.compile(r'name="(q-[^"]+)" value="([^"]*)"')


class Stats:
    """Latencies and errors per request kind, inside the measured window only."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def record(self, kind: str, started: float, ok: bool, detail: str = "") -> None:
        if time.monotonic() > self.deadline:
            return  # finished after the window closed: not counted
        self.latencies[kind].append(time.monotonic() - started)
        if not ok:
            self.errors[kind] += 1
            if len(self.samples) < 5:
                self.samples.append(f"{kind}: {detail}"[:300])


async def _request(session, stats: Stats, kind: str, method: str, path: str,
                   expect: int, **kwargs) -> tuple[str, str]:
    """One request; returns (body, Location). Errors are counted, not raised."""
    started = time.monotonic()
    try:
        async with session.request(method, path, allow_redirects=False, **kwargs) as response:
            body = await response.text()
            ok = response.status == expect
            stats.record(kind, started, ok, f"{method} {path} -> {response.status}")
            return (body if ok else ""), response.headers.get("Location", "")
    except (TimeoutError, aiohttp.ClientError) as error:
        stats.record(kind, started, False, f"{method} {path}: {error!r}")
        return "", ""


async def _static_user(session, plan, stats, index) -> None:
    while time.monotonic() < stats.deadline:
        await _request(session, stats, "page", "GET", "/", 200)


async def _lessons_user(session, plan, stats, index) -> None:
    lessons = [f"/modules/{slug}/lessons/{key}" for slug, keys in plan["modules"]
               for key in keys]
    position = index * 7  # users start at different lessons
    while time.monotonic() < stats.deadline:
        await _request(session, stats, "lesson", "GET", lessons[position % len(lessons)], 200)
        position += 1


async def _journey_user(session, plan, stats, index) -> None:
    modules = plan["modules"]
    position = index
    while time.monotonic() < stats.deadline:
        slug, keys = modules[position % len(modules)]
        position += 1
        for key in keys:
            await _request(session, stats, "lesson", "GET", f"/modules/{slug}/lessons/{key}", 200)
        page, _ = await _request(session, stats, "quiz page", "GET", f"/modules/{slug}/quiz", 200)
        csrf, ticket = _CSRF.search(page), _TICKET.search(page)
        if not (csrf and ticket):
            continue
        form = [("csrf_token", csrf.group(1)), ("ticket", ticket.group(1))]
        chosen: set[str] = set()
        for name, value in _OPTION.findall(page):
            if name not in chosen:
                chosen.add(name)
                form.append((name, value))
        _, location = await _request(session, stats, "quiz submit", "POST",
                                     f"/modules/{slug}/quiz", 302, data=form)
        if "/quiz/attempts/" in location:
            await _request(session, stats, "result page", "GET", urlsplit(location).path, 200)


SCENARIOS = {"static": _static_user, "lessons": _lessons_user, "journey": _journey_user}


async def _user(plan, stats, index, start_gate: asyncio.Event) -> None:
    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
    cookies = plan.get("cookies") or []
    if cookies:
        jar.update_cookies({plan["cookie_name"]: cookies[index % len(cookies)]},
                           URL(plan["base"]))
    connector = aiohttp.TCPConnector(limit=1, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(plan["base"], cookie_jar=jar, connector=connector,
                                     timeout=timeout) as session:
        await start_gate.wait()
        await SCENARIOS[plan["scenario"]](session, plan, stats, index)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def run(plan: dict) -> dict:
    if urlsplit(plan["base"]).hostname != "127.0.0.1":
        raise SystemExit("the load generator only targets 127.0.0.1")
    gate = asyncio.Event()
    stats = Stats(deadline=float("inf"))
    tasks = [asyncio.create_task(_user(plan, stats, i, gate)) for i in range(plan["users"])]
    await asyncio.sleep(0.2)  # let every user set up its session
    started = time.monotonic()
    stats.deadline = started + plan["duration"]
    gate.set()
    await asyncio.wait(tasks, timeout=plan["duration"] + 35)
    for task in tasks:
        task.cancel()
    elapsed = min(time.monotonic(), stats.deadline) - started
    return {
        "elapsed": elapsed,
        "kinds": {
            kind: {"count": len(values), "rps": len(values) / elapsed,
                   "p50": _percentile(values, 0.50), "p95": _percentile(values, 0.95),
                   "p99": _percentile(values, 0.99), "errors": stats.errors[kind]}
            for kind, values in sorted(stats.latencies.items())
        },
        "error_samples": stats.samples,
    }


def main() -> None:
    plan = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(plan))))


if __name__ == "__main__":
    main()
