"""Learner pages run a bounded number of SQL queries, however much content exists."""

import pytest

from coursehub.core.db import db
from tests.conftest import PROJECT_MODULES, import_folder

BUDGETS = {
    "/modules/": 6,
    "/modules/domain-name-system": 10,
    "/modules/domain-name-system/lessons/records": 8,  # 5 once the content is cached
    "/modules/domain-name-system/quiz": 10,
    "/my-learning": 8,
}


@pytest.mark.parametrize("url", sorted(BUDGETS))
def test_page_query_budget(app, signed_in, count_queries, url):
    for folder in sorted(PROJECT_MODULES.iterdir()):
        import_folder(app, folder)
    signed_in.get("/modules/domain-name-system/lessons/names-and-hierarchy")  # some progress
    with count_queries() as queries:
        response = signed_in.get(url)
    assert response.status_code == 200
    assert queries.count <= BUDGETS[url], "\n".join(queries.statements)


def test_a_lesson_page_from_cached_content_runs_five_statements(app, signed_in, count_queries):
    """The hot path: the learner, the module, then the log row and two summary upserts
    (on PostgreSQL, those three writes are one statement)."""
    for folder in sorted(PROJECT_MODULES.iterdir()):
        import_folder(app, folder)
    url = "/modules/domain-name-system/lessons/records"
    assert signed_in.get(url).status_code == 200  # reads the lesson into the process cache
    with count_queries() as queries:
        response = signed_in.get(url)
    assert response.status_code == 200
    statements = [s.split()[0] for s in queries.statements]
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    writes = ["WITH"] if postgresql else ["INSERT", "INSERT", "INSERT"]
    assert statements == ["SELECT", "SELECT", *writes], queries.statements


def test_a_new_version_is_served_at_once_despite_the_cache(app, signed_in, module_copy):
    """Lesson content is cached per process by version and content hash: an import of
    changed files must show up on the next request."""
    import_folder(app, module_copy)
    url = "/modules/sample-module/lessons/ports"
    assert "A brand-new paragraph" not in signed_in.get(url).get_data(as_text=True)
    lesson = module_copy / "en" / "01-ports.md"
    lesson.write_text(lesson.read_text() + "\nA brand-new paragraph.\n")
    import_folder(app, module_copy)
    assert "A brand-new paragraph" in signed_in.get(url).get_data(as_text=True)
