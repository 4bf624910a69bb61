"""Fixtures for credentials: an award, and 1EdTech's Open Badges validator.

The validator (the ``openbadges`` package) pins old libraries, so it gets its
own virtual environment in ``.venv-obvalidator/`` at the repository root,
created on first use with the working pins from STANDARDS.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from coursehub.accounts.models import User
from coursehub.content import queries
from coursehub.core.db import db

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
VALIDATOR_VENV = ROOT / ".venv-obvalidator"
VALIDATOR_PINS = [
    ["openbadges==1.1.2", "openbadges-bakery"],
    ["pycryptodome==3.20.0", "python-jose[pycryptodome]==3.2.0", "pytz>=2023"],
]
SCHEMA = HERE / "achievementcredential.schema.json"


def make_award(app, email: str, slug: str) -> str:
    from coursehub.credentials.services import award_badge

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        module = queries.get_published_module(slug)
        award = award_badge(user, module, module.current_version, reason="completion")
        db.session.commit()
        return award.code


@pytest.fixture
def award_code(app, learner, sample_module) -> str:
    """The public code of the sample module's badge, awarded to the learner."""
    return make_award(app, learner, sample_module)


@pytest.fixture(scope="session")
def ob_validator() -> list[str]:
    """The command that runs the validator (creating its environment if needed)."""
    python = VALIDATOR_VENV / "bin" / "python"
    stamp = VALIDATOR_VENV / ".installed"
    wanted = json.dumps(VALIDATOR_PINS)
    if not (python.exists() and stamp.exists() and stamp.read_text() == wanted):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VALIDATOR_VENV)],
                       check=True)
        for group in VALIDATOR_PINS:
            done = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                                   "--disable-pip-version-check", *group],
                                  capture_output=True, text=True, timeout=900)
            # pip warns that these pins conflict with the package's own; the import
            # check below is what matters.
            if done.returncode != 0 and "ERROR: pip's dependency resolver" not in done.stderr:
                pytest.fail(f"installing the validator failed:\n{done.stderr}")
        check = subprocess.run([str(python), "-c", "import openbadges.verifier"],
                               capture_output=True, text=True)
        if check.returncode != 0:
            pytest.fail(f"the validator does not import:\n{check.stderr}")
        stamp.write_text(wanted)
    return [str(python), str(HERE / "ob_validator_run.py")]


def run_validator(command: list[str], *args: str) -> dict:
    done = subprocess.run([*command, *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
