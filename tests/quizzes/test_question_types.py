"""The question types beyond choices: definitions, checks, presentation and pure grading."""

import random

import pytest

from coursehub.content.quiz_format import parse_quiz
from coursehub.quizzes.types import get_type
from coursehub.quizzes.types_extra import normalise, numeric_bounds, parse_number


def build(text: str):
    questions, problems = parse_quiz(text)
    assert problems == [], problems
    question = questions[0]
    kind = get_type(question.type)
    assert kind.check(question) == []
    return kind, kind.build_definition(question)


SHORT = """## capital
type: short
ignore_accents: yes

Capital of Perú?

- [x] Lima
  > Yes.
- [50%] Lim*
  > Nearly.
- [ ] *
  > No.

Explanation: Lima.
"""


@pytest.mark.parametrize("given, score", [
    ("Lima", 1.0), (" lima ", 1.0), ("LÍMA", 1.0), ("Limon", 0.5), ("Cusco", 0.0), ("", 0.0)])
def test_short_answer_is_case_and_accent_insensitive_with_wildcards(given, score):
    kind, definition = build(SHORT)
    answer = kind.parse_answer(definition, [given])
    assert kind.grade(definition, answer) == score


def test_short_answer_case_can_matter():
    kind, definition = build(SHORT.replace("ignore_accents: yes", "ignore_case: no"))
    assert kind.grade(definition, ["lima"]) == 0.0
    assert kind.grade(definition, ["Lima"]) == 1.0
    assert kind.grade(definition, ["Límä"]) == 0.0  # accents matter by default
    assert kind.best(definition, ["Cusco"])["feedback_html"] == "<p>No.</p>"


def test_normalise_and_numbers():
    assert normalise("  Ñandú   Azul ", True, True) == "nandu azul"
    assert parse_number("3,1416") == pytest.approx(3.1416)
    assert parse_number("1 822") == 1822
    assert parse_number("abc") is None and parse_number("inf") is None
    assert numeric_bounds("1822 +- 2") == (1820, 1824)
    assert numeric_bounds("5..1") == (1, 5)
    assert numeric_bounds("x") is None


NUMERICAL = """## port
type: numerical

Port?

- [x] 443
  > Yes.
- [50%] 3.14 +- 0.01
  > Pi.
- [25%] 8000..8100
  > Far.

Explanation: 443.
"""


@pytest.mark.parametrize("given, score", [
    ("443", 1.0), ("443.0", 1.0), ("3,145", 0.5), ("3.16", 0.0), ("8080", 0.25),
    ("eight", 0.0)])
def test_numerical_tolerance_and_range(given, score):
    kind, definition = build(NUMERICAL)
    assert kind.grade(definition, kind.parse_answer(definition, [given])) == score


def test_numerical_refuses_bad_values():
    questions, _ = parse_quiz(NUMERICAL.replace("- [x] 443", "- [x] four hundred"))
    problems = get_type("numerical").check(questions[0])
    assert any("'four hundred' is not a number" in m for _, m in problems)


MATCHING = """## records
type: matching

Match each record.

- A -> IPv4 address
- MX -> Mail server
- NS -> Name server
- -> Web page

Explanation: records.
"""


def test_matching_is_shuffled_and_mapped_back():
    kind, definition = build(MATCHING)
    assert [p["right"] for p in definition["pairs"]] == [0, 1, 2]
    assert len(definition["rights"]) == 4  # with the distractor
    shown = kind.present(definition, random.Random(3), shuffle=False)
    assert sorted(shown["left"]) == [0, 1, 2] and shown["right"] != [0, 1, 2, 3]
    # the learner picks, for each shown left item, the shown position of its right answer
    values = [str(shown["right"].index(left)) for left in shown["left"]]
    answer = kind.parse_answer(definition, values, shown)
    assert answer == [0, 1, 2] and kind.grade(definition, answer) == 1.0
    wrong = [str(shown["right"].index(3))] * 3  # the distractor for every item
    assert kind.grade(definition, kind.parse_answer(definition, wrong, shown)) == 0.0
    assert kind.parse_answer(definition, ["", "9", "x"], shown) == [-1, -1, -1]


ORDERING = """## steps
type: ordering

Order the resolution.

1. Browser asks the resolver
2. Resolver asks the root
3. Root refers to .org
4. The answer comes back

Explanation: top down.
"""


def test_ordering_partial_credit_and_shuffle():
    kind, definition = build(ORDERING)
    shown = kind.present(definition, random.Random(1), shuffle=False)
    assert sorted(shown["order"]) == [0, 1, 2, 3] and shown["order"] != [0, 1, 2, 3]
    right = [str(item + 1) for item in shown["order"]]
    assert kind.grade(definition, kind.parse_answer(definition, right, shown)) == 1.0
    assert kind.grade(definition, [1, 0, 2, 3]) == 0.5
    assert kind.grade(definition, [-1, -1, -1, -1]) == 0.0


ARTEFACT = """## rdap
type: artefact

Which registrar holds the domain?

```json
{"entities": [{"roles": ["registrar"], "handle": "292"}], "x": "<script>"}
```

- [x] IANA ID 292
  > Right.
- [ ] The registrant
  > No.

Explanation: the registrar entity.
"""


def test_artefact_is_highlighted_with_classes_only():
    kind, definition = build(ARTEFACT)
    html = definition["artefact_html"]
    assert html.startswith('<pre class="artefact"><code class="highlight"><span class="')
    assert "style=" not in html and "<script" not in html and "&lt;script&gt;" in html
    assert definition["artefact_language"] == "json"
    assert kind.input_for(definition) == "radio"
    assert kind.grade(definition, [0]) == 1.0 and kind.grade(definition, [1]) == 0.0
    questions, _ = parse_quiz(ARTEFACT)
    assert "```" not in kind.prompt_text(questions[0])


def test_artefact_needs_a_code_block_and_known_language():
    questions, _ = parse_quiz(ARTEFACT.replace("```json", "```cobol"))
    assert any("unknown artefact language" in m for _, m in get_type("artefact").check(
        questions[0]))
    questions, _ = parse_quiz(ARTEFACT.replace("```json", "").replace("```\n", "\n"))
    assert any("fenced code block" in m for _, m in get_type("artefact").check(questions[0]))


def test_weighted_single_and_multiple_choice():
    single, definition = build("## w\ntype: single\n\nQ\n\n- [0%] a\n  > f\n- [50%] b\n  > f\n"
                               "- [100%] c\n  > f\n\nExplanation: e\n")
    assert [single.grade(definition, [i]) for i in range(3)] == [0.0, 0.5, 1.0]
    assert [o["correct"] for o in definition["options"]] == [False, False, True]
    multiple, definition = build("## m\ntype: multiple\n\nQ\n\n- [50%] a\n  > f\n- [50%] b\n"
                                 "  > f\n- [-100%] c\n  > f\n\nExplanation: e\n")
    assert multiple.grade(definition, [0, 1]) == 1.0
    assert multiple.grade(definition, [0]) == 0.5
    assert multiple.grade(definition, [0, 1, 2]) == 0.0


def test_essay_and_description_are_kept_but_not_graded():
    essay, definition = build("## e\ntype: essay\n\nDescribe it.\n")
    assert not essay.graded and essay.parse_answer(definition, ["  My text "]) == ["My text"]
    description, definition = build("## d\ntype: description\n\nRead this.\n")
    assert not description.graded and description.parse_answer(definition, ["x"]) == []


def test_choice_options_shuffle_only_when_allowed():
    kind, definition = build("## c\n\nQ\n\n" + "".join(f"- [{'x' if i == 0 else ' '}] o{i}\n"
                                                      f"  > f\n" for i in range(6))
                             + "\nExplanation: e\n")
    assert kind.present(definition, random.Random(5), shuffle=False)["order"] == list(range(6))
    shown = kind.present(definition, random.Random(5), shuffle=True)
    assert shown["order"] != list(range(6))
    shown_position = shown["order"].index(0)  # where the correct option is shown
    assert kind.parse_answer(definition, [str(shown_position)], shown) == [0]


def test_draw_needs_a_count_and_a_tag():
    questions, problems = parse_quiz("## bank\ndraw: 2 from dns\n")
    assert problems == [] and questions[0].type == "draw"
    assert get_type("draw").build_definition(questions[0]) == {"count": 2, "tag": "dns",
                                                                "pool": []}
    questions, _ = parse_quiz("## bank\ndraw: some\n")
    assert get_type("draw").check(questions[0])
