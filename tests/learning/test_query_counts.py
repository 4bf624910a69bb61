"""Learner pages run a bounded number of SQL queries, however much content exists."""

import pytest

from tests.conftest import PROJECT_MODULES, import_folder

BUDGETS = {
    "/modules/": 6,
    "/modules/domain-name-system": 10,
    "/modules/domain-name-system/lessons/records": 13,
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
