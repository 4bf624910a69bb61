"""Report pages and their CSV exports (instructors: their cohorts; admins: all)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_babel import get_locale
from flask_login import current_user

from coursehub.accounts.models import User
from coursehub.admin import audit
from coursehub.content import queries as content
from coursehub.core.db import db
from coursehub.core.permissions import roles_required
from coursehub.reports import charts, exports
from coursehub.reports.completion import completion_report, completions_by_day
from coursehub.reports.filters import ReportFilters, Scope, scope_for
from coursehub.reports.forms import FilterForm
from coursehub.reports.gain import DIMENSIONS, knowledge_gain
from coursehub.reports.items import item_analysis
from coursehub.reports.learner_export import prepare_export
from coursehub.reports.learners import count_learners, in_scope, learner_page, transcript

bp = Blueprint("reports", __name__, url_prefix="/reports")
staff = roles_required("instructor", "admin")
PER_PAGE = 50


def _load() -> tuple[ReportFilters, Scope, FilterForm]:
    """Scope and filters for the current viewer; 403 for a cohort outside the scope."""
    scope = scope_for(db.session, current_user.id, current_user.is_admin)
    asked = request.args.get("cohort", "")
    if asked.isdigit() and scope.cohort_ids is not None and int(asked) not in scope.cohort_ids:
        abort(403)
    form = FilterForm(formdata=request.args)
    form.fill_choices(scope)
    return form.filters(), scope, form


def _modules():
    """Published modules and their titles in the interface language (two queries)."""
    modules = content.published_modules()
    texts = content.texts_for([m.current_version for m in modules], str(get_locale()))
    return modules, {m.id: texts[m.current_version_id].title for m in modules}


def _csv(name: str, filters: ReportFilters, chunks) -> Response:
    """Audit the export, commit, then stream the file."""
    audit.record(current_user, "export", "report", name, filters=filters.as_dict())
    db.session.commit()
    return Response(stream_with_context(chunks), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"',
                             "Content-Type": "text/csv; charset=utf-8"})


@bp.get("/")
@staff
def completion():
    filters, scope, form = _load()
    rows = completion_report(db.session, filters, scope)
    unit, points = charts.bucket_days(completions_by_day(db.session, filters, scope))
    _modules_list, titles = _modules()
    return render_template(
        "reports/completion.html", rows=rows, form=form, filters=filters, titles=titles,
        funnel=charts.funnel_chart(rows), timeline=charts.timeline_chart(points),
        points=points, unit=unit,
    )


@bp.get("/completion.csv")
@staff
def completion_csv():
    filters, scope, _form = _load()
    return _csv("completion", filters, exports.completion_csv(
        completion_report(db.session, filters, scope)))


@bp.get("/learners")
@staff
def learners():
    filters, scope, form = _load()
    page = max(1, request.args.get("page", 1, type=int))
    total = count_learners(db.session, filters, scope)
    rows = learner_page(db.session, filters, scope, page, PER_PAGE)
    prepare_export(db.session, filters, scope)  # the page links to the full export
    modules, titles = _modules()
    return render_template("reports/learners.html", rows=rows, form=form, filters=filters,
                           modules=modules, titles=titles, page=page, total=total,
                           pages=max(1, -(-total // PER_PAGE)))


@bp.get("/learners.csv")
@staff
def learners_csv():
    filters, scope, _form = _load()
    return _csv("learners", filters, exports.learners_csv(db.session, filters, scope))


def _learner(user_id: int) -> User:
    """The learner, if the viewer may see them (404 / 403 otherwise)."""
    user = db.get_or_404(User, user_id)
    scope = scope_for(db.session, current_user.id, current_user.is_admin)
    if not in_scope(db.session, user.id, scope):
        abort(403)
    return user


@bp.get("/learners/<int:user_id>")
@staff
def learner_transcript(user_id: int):
    record = transcript(db.session, _learner(user_id))
    return render_template("reports/transcript.html", t=record)


@bp.get("/learners/<int:user_id>/transcript.csv")
@staff
def transcript_csv(user_id: int):
    record = transcript(db.session, _learner(user_id))
    return _csv(f"transcript-{user_id}", ReportFilters(), exports.transcript_csv(record))


def _chosen_module(modules):
    slug = request.args.get("module") or (modules[0].slug if modules else None)
    chosen = next((m for m in modules if m.slug == slug), None)
    if modules and chosen is None:
        abort(404)
    return chosen


@bp.get("/items")
@staff
def items():
    filters, scope, form = _load()
    modules, titles = _modules()
    module = _chosen_module(modules)
    stats, questions = [], {}
    if module is not None:
        stats = item_analysis(db.session, module.id, filters, scope)
        version = module.current_version
        language = content.content_language(version, str(get_locale()))
        questions = {q.key: q for q in content.quiz_questions(version.id, language)}
    return render_template("reports/items.html", stats=stats, questions=questions,
                           module=module, modules=modules, titles=titles, form=form,
                           filters=filters)


@bp.get("/items.csv")
@staff
def items_csv():
    filters, scope, _form = _load()
    modules, _titles = _modules()
    module = _chosen_module(modules)
    stats = item_analysis(db.session, module.id, filters, scope) if module else []
    return _csv(f"items-{module.slug if module else 'none'}", filters,
                exports.items_csv(stats))


def _dimension() -> str:
    by = request.args.get("by", "all")
    if by not in DIMENSIONS:
        abort(404)
    return by


@bp.get("/gain")
@staff
def gain():
    filters, scope, form = _load()
    by = _dimension()
    _modules_list, titles = _modules()
    return render_template("reports/gain.html", rows=knowledge_gain(db.session, by, filters,
                                                                    scope),
                           by=by, dimensions=DIMENSIONS, form=form, filters=filters,
                           titles=titles)


@bp.get("/gain.csv")
@staff
def gain_csv():
    filters, scope, _form = _load()
    by = _dimension()
    return _csv(f"knowledge-gain-{by}", filters,
                exports.gain_csv(knowledge_gain(db.session, by, filters, scope)))
