"""The module validator: every problem at once, each as file:line: message."""

import os
from pathlib import Path

from coursehub.content.validator import validate_module, validate_tree
from tests.conftest import SAMPLE_MODULES


def messages(folder: Path) -> list[str]:
    cwd = os.getcwd()
    os.chdir(folder.parent)
    try:
        return [str(p) for p in validate_module(folder).problems]
    finally:
        os.chdir(cwd)


def test_the_sample_module_is_valid():
    result = validate_module(SAMPLE_MODULES / "sample-module")
    assert result.ok, [str(p) for p in result.problems]
    source = result.source
    assert set(source.languages) == {"en", "es"}
    assert [lesson.key for lesson in source.default.lessons] == ["ports", "logs"]
    assert source.pass_mark == 70 and source.max_attempts == 3
    assert len(source.content_hash) == 64


def test_broken_files_give_exact_locations(module_copy):
    meta = module_copy / "module.toml"
    meta.write_text(meta.read_text().replace("estimated_minutes = 15", "estimated_minutes = 2")
                    .replace("pass_mark = 70", "pass_mark = 170\ncolour = 3"))
    quiz = module_copy / "en" / "quiz.md"
    quiz.write_text(quiz.read_text().replace("  > Port 53 is DNS.\n", ""))
    (module_copy / "en" / "02-logs.md").write_text("Logs without a title\n")
    lesson = module_copy / "en" / "01-ports.md"
    lesson.write_text(lesson.read_text() + "\n![](figures/missing.svg)\n")
    found = messages(module_copy)
    assert "sample-module/module.toml:2: estimated_minutes must be between 5 and 600" in found
    assert "sample-module/module.toml:8: pass_mark must be between 1 and 100" in found
    assert "sample-module/module.toml:9: unknown quiz setting 'colour'" in found
    assert "sample-module/en/quiz.md:13: option has no feedback (add a line '  > ...' below it)" \
        in found
    assert "sample-module/en/02-logs.md:1: a lesson starts with its title as '# Title'" in found
    line = len(lesson.read_text().splitlines())
    assert (f"sample-module/en/01-ports.md:{line}: an image needs a text alternative: "
            "![what the picture shows](figures/name.svg)") in found
    assert f"sample-module/en/01-ports.md:{line}: figure 'figures/missing.svg' does not exist" \
        in found


def test_translations_must_mirror_the_default_language(module_copy):
    quiz = module_copy / "es" / "quiz.md"
    text = quiz.read_text()
    text = text.replace("- [x] 443\n  > Correcto.\n- [ ] 53", "- [ ] 443\n  > Correcto.\n- [x] 53")
    text = text.replace("## ip-is-website", "## ip-es-sitio")
    quiz.write_text(text)
    (module_copy / "es" / "02-logs.md").unlink()
    found = messages(module_copy)
    assert "sample-module/es:0: lesson 'logs' of 'en' is missing here" in found
    assert ("sample-module/es/quiz.md:1: question 'https-port' marks different options correct "
            "than in 'en'") in found
    assert "sample-module/es/quiz.md:0: question 'ip-is-website' of 'en' is missing here" in found
    assert any("question 'ip-es-sitio' does not exist in 'en'" in m for m in found)


def test_unsafe_svg_figures_are_refused(module_copy):
    (module_copy / "figures" / "port.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n'
        '<rect onload="alert(1)"/>\n</svg>\n')
    found = messages(module_copy)
    assert "sample-module/figures/port.svg:2: SVG contains a script, which is not allowed" in found
    assert ("sample-module/figures/port.svg:3: SVG contains an event handler attribute (on...=), "
            "which is not allowed") in found


def test_question_type_rules(module_copy):
    quiz = module_copy / "en" / "quiz.md"
    quiz.write_text(quiz.read_text().replace("- [ ] 80\n", "- [x] 80\n")
                    .replace("type: truefalse", "type: poll"))
    found = messages(module_copy)
    assert any("en/quiz.md:3:" in m and "exactly one correct option" in m and "found 2" in m
               for m in found)
    assert any("unknown question type 'poll'" in m for m in found)


def test_invalid_toml_reports_the_parser_line(module_copy):
    meta = module_copy / "module.toml"
    lines = meta.read_text().splitlines()
    lines[4] = "prerequisites = ["
    meta.write_text("\n".join(lines))
    found = messages(module_copy)
    assert len(found) == 1 and found[0].startswith("sample-module/module.toml:")
    assert "not valid TOML" in found[0]


def test_validate_command_exits_1_and_prints_every_problem(app, module_copy):
    quiz = module_copy / "en" / "quiz.md"
    quiz.write_text(quiz.read_text().replace("Explanation: HTTPS normally uses port 443.", ""))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["validate", str(module_copy.parent)])
    assert result.exit_code == 1
    assert "en/quiz.md:" in result.output and "has no 'Explanation:' paragraph" in result.output
    assert "1 problem(s) in 1 of 1 module(s)." in result.output
    ok = runner.invoke(args=["validate", str(SAMPLE_MODULES)])
    assert ok.exit_code == 0 and "1 module(s) valid." in ok.output


def test_tree_checks_prerequisites_exist(tmp_path, module_copy):
    meta = module_copy / "module.toml"
    meta.write_text(meta.read_text().replace("prerequisites = []",
                                             'prerequisites = ["no-such-module"]'))
    other = tmp_path / "other-module"
    other.mkdir()
    results = validate_tree(tmp_path)
    flat = [str(p) for r in results for p in r.problems]
    assert any("prerequisite 'no-such-module' is not a module here" in m for m in flat)
