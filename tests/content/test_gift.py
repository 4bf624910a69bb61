"""GIFT import, question by question, on Moodle's own files (copied unchanged into
tests/data/gift/ from shared/fixtures/gift/), and export -> import round trips."""

from pathlib import Path

import pytest

from coursehub.content.gift import parse_gift, questions_to_gift, questions_to_markdown
from coursehub.content.quiz_format import parse_quiz

GIFT = Path(__file__).parent.parent / "data" / "gift"
BLANK = "\\_\\_\\_\\_\\_"


def summary(question):
    """(line, type, key, prompt, options) with options as compact tuples."""
    options = []
    for o in question.options:
        if question.type == "matching":
            options.append((o.text, o.match))
        elif o.weight is not None:
            options.append((o.text, o.weight))
        else:
            options.append((o.text, o.correct))
    return (question.line, question.type, question.key, question.prompt, options)


def parsed(name):
    return parse_gift((GIFT / name).read_text(encoding="utf-8"))


def test_moodle_questions_file():
    result = parsed("moodle-questions.gift.txt")
    assert [summary(q) for q in result.questions] == [
        (2, "essay", "q8", "How are you?", []),
        (5, "matching", "moodle-activities", "Match the <b>activity</b> to the description.",
         [("An activity supporting asynchronous discussions.", "Forum"),
          ("A teacher asks a question and specifies a choice of multiple responses.", "Choice"),
          ("A bank of record entries which participants can add to.", "Database"),
          ("A collection of web pages that anyone can add to or edit.", "Wiki"),
          ("", "Chat")]),
        (14, "single", "q2", "What's between orange and green in the spectrum?",
         [("yellow", True), ("red", False), ("blue", False)]),
        (22, "multiple", "colours", "What's between orange and green in the spectrum?",
         [("yellow", 50), ("red", -100), ("off-beige", 50), ("blue", -100)]),
        (31, "numerical", "q5", "What is a number from 1 to 5?",
         [("3 +- 2", True), ("*", False)]),
        (34, "short", "shortanswer", "Which is the best animal?",
         [("Frog", True), ("Cat", 50), ("*", False)]),
        (41, "truefalse", "q1", "42 is the Absolute Answer to everything.",
         [("True", False), ("False", True)]),
        (46, "truefalse", "2-08-tsl", "TSL is blablabla.", [("True", True), ("False", False)]),
        (49, "truefalse", "2-08-tsl-2", "TSL is blablabla.", [("True", True), ("False", False)]),
    ]
    by_key = {q.key: q for q in result.questions}
    assert [o.feedback for o in by_key["q2"].options] == [
        "right; good!", "wrong, it's yellow", "wrong, it's yellow"]
    assert by_key["q5"].options[1].feedback == "Completely wrong"
    # {FALSE#shown if wrong#shown if right}: "True" is the wrong answer here.
    assert [o.feedback for o in by_key["q1"].options] == [
        "42 is the Ultimate Answer.", "You gave the right answer."]
    assert by_key["q1"].explanation == \
        "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    assert by_key["shortanswer"].settings == {"ignore_case": "yes"}
    notes = [(n.line, n.message, n.skipped) for n in result.notes]
    assert notes == [
        (2, "essay: kept, not auto-graded", False),
        (31, "ignored the stray '\";' after the answer block", False),
        (43, "ignored the stray '\";' after the answer block", False),
    ]


def test_moodle_questions_in_category_file():
    result = parsed("moodle-questions_in_category.gift.txt")
    assert [summary(q) for q in result.questions] == [
        (5, "matching", "moodle-activities", "Match the activity to the description.",
         [("An activity supporting asynchronous discussions.", "Forum"),
          ("A teacher asks a question and specifies a choice of multiple responses.", "Choice"),
          ("A bank of record entries which participants can add to.", "Database"),
          ("A collection of web pages that anyone can add to or edit.", "Wiki"),
          ("", "Chat")]),
        (14, "single", "greeting",
         '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this '
         "greeting:</a><br /><br />What language is being spoken?",
         [("English", False), ("French", True), ("German", False), ("Spanish", False)]),
        (22, "short", "moodle-user", "Anyone who uses Moodle is a ...", [("Moodler", True)]),
        (27, "truefalse", "moodle-acronym",
         'Moodle is an acronym for <span style="font-style: italic;">Modular Object-Oriented '
         "Dynamic Learning Environment</span>.", [("True", True), ("False", False)]),
    ]
    assert all(q.tags == ["default-for-new-features"] for q in result.questions)
    assert result.notes == []


EXAMPLES = [
    (8, "single", "who-s-buried-in-grant-s-tomb", "Who's buried in Grant's tomb?",
     [("Grant", False), ("Jefferson", False), ("no one", True)]),
    (10, "single", "grant-is-in-grant-s-tomb", f"Grant is {BLANK} in Grant's tomb.",
     [("buried", False), ("entombed", True), ("living", False)]),
    (12, "truefalse", "grant-is-buried-in-grant-s-tomb", "Grant is buried in Grant's tomb.",
     [("True", False), ("False", True)]),
    (14, "short", "who-s-buried-in-grant-s-tomb-2", "Who's buried in Grant's tomb?",
     [("no one", True), ("nobody", True)]),
    (16, "numerical", "when-was-ulysses-s-grant-born", "When was Ulysses S. Grant born?",
     [("1822 +- 1", True)]),
    (25, "single", "who-s-buried-in-grant-s-tomb-3", "Who's buried in Grant's tomb?",
     [("Grant", False), ("Jefferson", False), ("no one", True)]),
    (27, "single", "grant-is-in-grant-s-tomb-2", f"Grant is {BLANK} in Grant's tomb.",
     [("buried", False), ("entombed", True), ("living", False)]),
    (29, "single", "the-american-holiday-of-thanksgiving-is",
     f"The American holiday of Thanksgiving is celebrated on the {BLANK} Thursday of "
     "November.", [("second", False), ("third", False), ("fourth", True)]),
    (35, "single", "japanese-characters-originally-came-from-what",
     "Japanese characters originally came from what country?",
     [("India", False), ("China", True), ("Korea", False), ("Egypt", False)]),
    (43, "short", "who-s-buried-in-grant-s-tomb-4", "Who's buried in Grant's tomb?",
     [("no one", True), ("nobody", True)]),
    (45, "short", "two-plus-two-equals", f"Two plus two equals {BLANK}.",
     [("four", True), ("4", True)]),
    (49, "truefalse", "grant-is-buried-in-grant-s-tomb-2", "Grant is buried in Grant's tomb.",
     [("True", False), ("False", True)]),
    (51, "truefalse", "the-sun-rises-in-the-east", "The sun rises in the east.",
     [("True", True), ("False", False)]),
    (55, "matching", "matching-question", "Matching Question.",
     [("subquestion1", "subanswer1"), ("subquestion2", "subanswer2"),
      ("subquestion3", "subanswer3")]),
    (61, "matching", "match-the-following-countries-with-their",
     "Match the following countries with their corresponding capitals.",
     [("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo"), ("India", "New Delhi")]),
    (70, "numerical", "when-was-ulysses-s-grant-born-2", "When was Ulysses S. Grant born?",
     [("1822", True)]),
    (72, "numerical", "what-is-the-value-of-pi",
     f"What is the value of pi (to 3 decimal places)? {BLANK}.", [("3.1415 +- 0.0005", True)]),
    (74, "numerical", "what-is-the-value-of-pi-2",
     f"What is the value of pi (to 3 decimal places)? {BLANK}.", [("3.141..3.142", True)]),
    (76, "numerical", "when-was-ulysses-s-grant-born-3", "When was Ulysses S. Grant born?",
     [("1822 +- 0", True), ("1822 +- 2", 50)]),
    (85, "numerical", "what-s-2-plus-2", "What's 2 plus 2?", [("4", True)]),
    (90, "short", "kanji-origins", "Japanese characters originally\ncame from what country?",
     [("China", True)]),
    (93, "single", "thanksgiving-date",
     f"The American holiday of Thanksgiving is\ncelebrated on the {BLANK} Thursday of "
     "November.", [("second", False), ("third", False), ("fourth", True)]),
    (98, "single", "what-s-the-answer-to-this-multiple-choice",
     "What's the answer to this multiple-choice question?",
     [("wrong answer", False), ("another wrong answer", False), ("right answer", True)]),
    (103, "short", "who-s-buried-in-grant-s-tomb-5", "Who's buried in Grant's tomb?",
     [("no one", True), ("nobody", True)]),
    (108, "short", "who-s-buried-in-grant-s-tomb-6", "Who's buried in **Grant's tomb**?",
     [("no one", True), ("nobody", True)]),
    (113, "truefalse", "grant-is-buried-in-grant-s-tomb-3", "Grant is buried in Grant's tomb.",
     [("True", False), ("False", True)]),
    (115, "single", "difficult-question", "Difficult question.",
     [("wrong answer", 0), ("half credit answer", 50), ("full credit answer", 100)]),
    (117, "single", "jesus-hometown", f"Jesus Christ was from {BLANK}.",
     [("Jerusalem", 0), ("Bethlehem", 25), ("Galilee", 50), ("Nazareth", 100)]),
    (123, "short", "jesus-hometown-2", "Jesus Christ was from",
     [("Nazareth", True), ("Nazereth", 75), ("Bethlehem", 25)]),
    (130, "multiple", "what-two-people-are-entombed-in",
     "What two people are entombed in Grant's tomb?",
     [("No one", 0), ("Grant", 50), ("Grant's wife", 50), ("Grant's father", 0)]),
    (136, "multiple", "what-two-people-are-entombed-in-2",
     "What two people are entombed in Grant's tomb?",
     [("No one", -50), ("Grant", 50), ("Grant's wife", 50), ("Grant's father", -50)]),
    (143, "single", "which-answer-equals-5", "Which answer equals 5?",
     [("= 2 + 2", False), ("= 2 + 3", True), ("= 2 + 4", False)]),
    (148, "single", "gift-control-characters",
     "Which of the following is NOT a control character for the GIFT import format?",
     [("~", False), ("=", False), ("\\#", False), ("{", False), ("}", False),
      ("\\\\", True)]),
    (167, "single", "who-s-buried-in-grant-s-tomb-7", "Who's buried in Grant's tomb?",
     [("Grant", False), ("Jefferson", False), ("no one", True)]),
    (169, "single", "grant-is-in-grant-s-tomb-3", f"Grant is {BLANK} in Grant's tomb.",
     [("buried", False), ("entombed", True), ("living", False)]),
    (171, "truefalse", "grant-is-buried-in-grant-s-tomb-4", "Grant is buried in Grant's tomb.",
     [("True", False), ("False", True)]),
    (173, "short", "who-s-buried-in-grant-s-tomb-8", "Who's buried in Grant's tomb?",
     [("no one", True), ("nobody", True)]),
    (175, "numerical", "when-was-ulysses-s-grant-born-4", "When was Ulysses S. Grant born?",
     [("1822 +- 5", True)]),
    (177, "matching", "match-the-following-countries-with-their-2",
     "Match the following countries with their corresponding\ncapitals.",
     [("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo")]),
    (184, "single", "grant-s-tomb", f"Grant is {BLANK} in Grant's tomb.",
     [("buried", False), ("entombed", True), ("living", False)]),
    (190, "single", "difficult-multiple-choice-question", "Difficult multiple choice question.",
     [("wrong answer", 0), ("half credit answer", 50), ("full credit answer", 100)]),
    (195, "short", "jesus-hometown-short-answer-ex", f"Jesus Christ was from {BLANK}.",
     [("Nazareth", True), ("Nazereth", 75), ("Bethlehem", 25)]),
    (202, "numerical", "numerical-example", "When was Ulysses S. Grant born?",
     [("1822 +- 0", True), ("1822 +- 2", 50)]),
]


def test_moodle_examples_file():
    result = parsed("moodle-examples.gift.txt")
    assert [summary(q) for q in result.questions] == EXAMPLES
    by_line = {q.line: q for q in result.questions}
    assert by_line[148].options[5].feedback == (
        "Correct! \\\\ (backslash) is not a control character. BUT,\nit is used to escape the "
        "control characters. So, to specify\na literal backslash, you must escape it with a "
        "backslash\n(as shown in this example).")
    assert by_line[202].options[1].feedback == \
        "He was born in 1822.\nYou get 50% credit for being close."
    assert by_line[113].options[0].feedback == "No one is buried in Grant's tomb."
    missing_word = [n.line for n in result.notes if "missing-word" in n.message]
    assert missing_word == [10, 27, 29, 45, 72, 74, 93, 117, 169, 184, 195]
    assert not any(n.skipped for n in result.notes)


def test_broken_blocks_are_reported_with_their_line():
    result = parse_gift("Fine?{=yes ~no}\n\n// c\nBroken {=a ~b\n\nBad number {#abc}\n\n"
                        "Only one pair {=a -> b}\n")
    assert [q.line for q in result.questions] == [1]
    assert [(n.line, n.skipped) for n in result.notes] == [(4, True), (6, True), (8, True)]
    assert "no matching" in result.notes[0].message
    assert "'abc' is not a number" in result.notes[1].message


ROUND_TRIP = """\
## pick-one
type: single
tags: dns, basics

Which *record* maps a name to an IPv4 address? Escapes: {braces} = ~ # : \\\\ done.

Second paragraph.

- [ ] MX
  > Mail.
- [x] A
  > Right.

Explanation: A records hold IPv4 addresses.

## pick-many
type: multiple
tags: dns

Which are record types?

- [x] A
  > yes
- [x] NS
  > yes
- [ ] HTTP
  > no

Explanation: A and NS.

## weighted
type: multiple

Weighted?

- [50%] a
  > half
- [50%] b
  > half
- [-100%] c
  > wrong

Explanation: a and b.

## tf
type: truefalse

DNSSEC encrypts queries.

- [ ] True
  > No.
- [x] False
  > Right.

Explanation: it signs.

## short-q
type: short
ignore_case: no
ignore_accents: yes

Capital of Perú?

- [x] Lima
  > Yes.
- [50%] Lima*
  > Close.
- [ ] *
  > No.

Explanation: Lima.

## num
type: numerical

Port of HTTPS?

- [x] 443
  > Yes.
- [50%] 440..450
  > Close.
- [25%] 400 +- 100
  > Far.
- [ ] *
  > No.

Explanation: 443.

## match
type: matching

Match them.

- A -> IPv4
- MX -> mail
- -> web

Explanation: records.

## essay-q
type: essay

Describe a block order.

## info
type: description

Read this first.

## evidence
type: artefact

Which registrar?

```json
{"registrar": "Example"}
```

- [x] Example
  > Yes.
- [ ] Other
  > No.

Explanation: see the JSON.

## order
type: ordering

Order it.

1. first
2. second

Explanation: order.
"""


def fields(question):
    return (question.key, question.type, question.tags, question.settings, question.prompt,
            [(o.text, o.correct, o.weight, o.match, o.feedback) for o in question.options],
            question.explanation)


def test_export_then_import_round_trips_every_gift_type():
    questions, problems = parse_quiz(ROUND_TRIP)
    assert problems == []
    text, skipped = questions_to_gift(questions)
    assert skipped == ["order"]  # GIFT has no ordering questions
    back = parse_gift(text)
    assert not any(n.skipped for n in back.notes)
    assert [fields(q) for q in back.questions] == [fields(q) for q in questions[:-1]]
    # and the quiz.md written from them parses to the same questions again
    again, problems = parse_quiz(questions_to_markdown(back.questions))
    assert problems == []
    assert [fields(q) for q in again] == [fields(q) for q in questions[:-1]]


def test_imported_fixture_questions_write_valid_quiz_markdown():
    result = parsed("moodle-questions.gift.txt")
    questions, problems = parse_quiz(questions_to_markdown(result.questions))
    assert [q.key for q in questions] == [q.key for q in result.questions]
    # GIFT questions without explanation or per-option feedback are flagged for the author
    assert any("has no 'Explanation:' paragraph" in m for _, m in problems)


@pytest.mark.parametrize("name", ["moodle-examples.gift.txt", "moodle-questions.gift.txt",
                                  "moodle-questions_in_category.gift.txt"])
def test_fixtures_in_tests_match_the_shared_originals(name):
    original = Path(__file__).parents[3] / "shared" / "fixtures" / "gift" / name
    if original.exists():  # the copies in tests/data/gift/ are unchanged
        assert (GIFT / name).read_bytes() == original.read_bytes()
