"""Fixtures shared by the quiz tests."""

import shutil

import pytest

from tests.conftest import SAMPLE_MODULES
from tests.quizzes.rich_quiz import RICH_QUIZ


@pytest.fixture
def rich_folder(tmp_path):
    folder = tmp_path / "rich"
    shutil.copytree(SAMPLE_MODULES / "sample-module", folder)
    shutil.rmtree(folder / "es")
    toml = folder / "module.toml"
    text = toml.read_text()
    toml.write_text(text[: text.index("[es]")].replace("max_attempts = 3", "max_attempts = 0\n"
                                                       "shuffle_options = true"))
    (folder / "en" / "quiz.md").write_text(RICH_QUIZ)
    return folder
