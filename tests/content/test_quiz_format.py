"""The quiz.md parser: structure, settings, fences, and located problems."""

from coursehub.content.quiz_format import parse_quiz

GOOD = """\
Authors' note before the first question is ignored.

## dns-port
type: single
tags: dns, ports

Which port does DNS use?

```text
- [x] this line is inside a code block, not an option
```

- [ ] 80
  > That is HTTP.
- [x] 53
  > Correct.
  > A second feedback line.

Explanation: DNS uses port 53.
It can run over two lines.

## two-right

Pick both.

- [x] A
  > yes
- [x] B
  > yes
- [ ] C
  > no

Explanation: A and B.
"""


def test_parses_questions_options_feedback_and_explanation():
    questions, problems = parse_quiz(GOOD)
    assert problems == []
    assert [q.key for q in questions] == ["dns-port", "two-right"]
    first = questions[0]
    assert first.type == "single"
    assert first.tags == ["dns", "ports"]
    assert "```text" in first.prompt and "inside a code block" in first.prompt
    assert [(o.text, o.correct) for o in first.options] == [("80", False), ("53", True)]
    assert first.options[1].feedback == "Correct.\nA second feedback line."
    assert first.explanation == "DNS uses port 53.\nIt can run over two lines."
    assert first.options[0].line == 13


def test_type_is_inferred_from_the_number_of_correct_options():
    questions, _ = parse_quiz(GOOD)
    assert questions[1].type == "multiple"


def test_every_problem_is_reported_with_its_line():
    text = """\
## Bad Key
tpye: single

Prompt.

- [x] only one option
Some stray text
## no-explanation

Text.

- [x] A
- [ ] B
  > feedback
"""
    _, problems = parse_quiz(text)
    assert (1, "question key 'Bad Key' must use lowercase letters, digits and hyphens") in problems
    assert (2, "unknown setting 'tpye' (known: type, tags, ignore_case, ignore_accents, "
                "draw)") in problems
    assert any(line == 7 and "unexpected text among the options" in m for line, m in problems)
    assert (1, "question 'Bad Key' needs at least two options") in problems
    assert (6, "option has no feedback (add a line '  > ...' below it)") in problems
    assert (1, "question 'Bad Key' has no 'Explanation:' paragraph") in problems
    assert (12, "option has no feedback (add a line '  > ...' below it)") in problems
    assert (8, "question 'no-explanation' has no 'Explanation:' paragraph") in problems


def test_duplicate_keys_and_unclosed_fences_are_reported():
    text = "## a\n\nQ\n\n- [x] y\n  > f\n- [ ] n\n  > f\n\nExplanation: e\n\n## a\n\n```\nopen"
    _, problems = parse_quiz(text)
    assert (12, "duplicate question key 'a'") in problems
    assert (15, "a fenced code block is not closed") in problems
