"""Every quiz example in docs/authoring.md parses without problems."""

import re
from pathlib import Path

from coursehub.content.quiz_format import parse_quiz
from coursehub.quizzes.types import get_type

DOC = Path(__file__).parents[2] / "docs" / "authoring.md"


def test_quiz_examples_in_the_authoring_guide_are_valid():
    text = DOC.read_text()
    examples = re.findall(r"^(`{3,4})markdown\n(## .*?)^\1$", text, flags=re.M | re.S)
    types = set()
    for _, example in examples:
        questions, problems = parse_quiz(example)
        assert problems == [], example
        for question in questions:
            assert get_type(question.type).check(question) == [], example
            types.add(question.type)
    assert {"short", "numerical", "matching", "ordering", "artefact", "draw"} <= types
