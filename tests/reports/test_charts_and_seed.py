"""Chart geometry, CSV cells, and the scale seeder on a small run."""

from datetime import date

from click.testing import CliRunner
from sqlalchemy import func, select

from coursehub.core.db import db
from coursehub.learning.models import LessonProgress, ModuleProgress
from coursehub.quizzes.models import QuizAttempt
from coursehub.reports.charts import bucket_days, funnel_chart, nice_max, timeline_chart
from coursehub.reports.completion import DayCount, ModuleRow
from coursehub.reports.csvstream import csv_chunks


def test_nice_axis_maximum():
    assert [nice_max(v) for v in (0, 1, 3, 7, 10, 11, 180, 4500)] == [1, 1, 5, 10, 10, 20,
                                                                       200, 5000]


def test_days_are_bucketed_by_the_span():
    short = [DayCount(date(2026, 1, 1), 2), DayCount(date(2026, 1, 3), 1)]
    assert bucket_days(short) == ("day", [(date(2026, 1, 1), 2), (date(2026, 1, 3), 1)])
    medium = [DayCount(date(2026, 1, 5), 2), DayCount(date(2026, 1, 7), 1),
              DayCount(date(2026, 4, 1), 4)]
    assert bucket_days(medium) == ("week", [(date(2026, 1, 5), 3), (date(2026, 3, 30), 4)])
    long = [DayCount(date(2025, 1, 5), 1), DayCount(date(2026, 3, 9), 2)]
    assert bucket_days(long)[0] == "month"


def test_bar_heights_are_proportional():
    chart = timeline_chart([(date(2026, 1, 1), 5), (date(2026, 1, 2), 10)], height=240)
    plot_height = chart.plot[3] - chart.plot[1]
    assert [round(b.height, 3) for b in chart.bars] == [plot_height / 2, plot_height]
    funnel = funnel_chart([ModuleRow(1, "m", 10, 5, 2, None, None)])
    assert [round(b.width) for b in funnel.bars] == [410, 205, 82]


def test_csv_chunks_stream_with_bom():
    chunks = list(csv_chunks(["a", "b"], ([n, "x"] for n in range(2500)), flush_every=1000))
    assert chunks[0] == "\ufeffa,b\r\n" and len(chunks) == 4
    assert chunks[1].count("\r\n") == 1000


def test_seed_scale_small(app, app_ctx):
    from tests.conftest import PROJECT_MODULES, import_folder

    for folder in sorted(PROJECT_MODULES.iterdir()):
        import_folder(app, folder)
    result = CliRunner().invoke(app.cli, ["seed-scale", "--learners", "120", "--batch", "50"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "120 learners" in result.output
    started = db.session.scalar(select(func.count()).select_from(ModuleProgress))
    assert 400 < started <= 600  # 120 learners x 5 modules, most started
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) > 5 * started
    kinds = dict(db.session.execute(select(QuizAttempt.kind, func.count())
                                    .group_by(QuizAttempt.kind)).all())
    assert kinds["quiz"] > 100 and kinds["pretest"] > 20
    again = CliRunner().invoke(app.cli, ["seed-scale", "--learners", "5"])
    assert again.exit_code != 0 and "already holds seeded learners" in again.output
