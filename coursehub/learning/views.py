"""Catalogue, module and lesson pages, and the learner's dashboard."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf import FlaskForm

from coursehub.content import queries
from coursehub.content.models import Module, ModuleVersion
from coursehub.core import caching
from coursehub.core.db import db
from coursehub.core.permissions import authenticated, public
from coursehub.credentials.services import awards_of
from coursehub.learning import offline, services

bp = Blueprint("learning", __name__)


def load_module(slug: str) -> tuple[Module, ModuleVersion]:
    """The published module ``slug`` with its current version, or 404."""
    module = queries.get_published_module(slug)
    if module is None:
        abort(404)
    return module, module.current_version


def reading_language(slug: str, version: ModuleVersion) -> str:
    """The module's language for this visitor: their explicit choice, else the UI's."""
    chosen = request.args.get("lang")
    choices = session.get("content_language", {})
    if chosen in version.languages and choices.get(slug) != chosen:
        choices = session["content_language"] = {**choices, slug: chosen}
    preferred = choices.get(slug) or str(get_locale())
    return queries.content_language(version, preferred)


@bp.get("/modules/")
@public
def catalogue():
    modules = queries.published_modules()
    texts = queries.texts_for([m.current_version for m in modules], str(get_locale()))
    progress = services.progress_views(current_user, modules)
    return render_template("learning/catalogue.html", modules=modules, texts=texts,
                           progress=progress)


@bp.get("/modules/<slug>")
@public
def module_page(slug: str):
    module, version = load_module(slug)
    language = reading_language(slug, version)
    text = queries.module_text(version, language)
    outline = queries.lesson_outline(version.id, language)
    done: set[str] = set()
    progress = None
    if current_user.is_authenticated:
        done = services.completed_lesson_keys(current_user.id, module.id)
        progress = services.progress_views(current_user, [module])[module.id]
    resume = services.resume_lesson_key(version, done)
    prerequisites = _prerequisite_titles(version)
    etag = caching.page_etag("module", version.id, language, current_user.get_id(),
                             sorted(done), progress, prerequisites)
    if (unchanged := caching.not_modified(etag)) is not None:
        return unchanged
    page = render_template(
        "learning/module.html", module=module, version=version, text=text, outline=outline,
        done=done, progress=progress, resume=resume, language=language,
        prerequisites=prerequisites,
    )
    return caching.with_etag(make_response(page), etag)


def _prerequisite_titles(version: ModuleVersion) -> list[tuple[str, str]]:
    if not version.prerequisites:
        return []
    modules = [m for m in queries.published_modules() if m.slug in version.prerequisites]
    texts = queries.texts_for([m.current_version for m in modules], str(get_locale()))
    return [(m.slug, texts[m.current_version_id].title) for m in modules]


@bp.get("/modules/<slug>/lessons/<lesson_key>")
@authenticated
def lesson_page(slug: str, lesson_key: str):
    """The hot path of the platform: one query for the module, three writes, and a
    page rendered once per process for every learner at the same point."""
    version = queries.published_version(slug)
    if version is None:
        abort(404)
    language = reading_language(slug, version)
    lesson = queries.lesson_page(version, language, lesson_key)
    if lesson is None:
        abort(404)
    done = services.record_lesson_view(current_user.id, version, lesson_key, language)
    db.session.commit()
    # The view is recorded even when the browser's copy is still good (304).
    # The ETag must name everything the page shows: keep it in step with the template.
    etag = caching.page_etag("lesson", version.version_id, language, lesson_key,
                             current_user.id, done)
    if (unchanged := caching.not_modified(etag)) is not None:
        return unchanged
    shown = (slug, version.version_id, version.languages, language, lesson, done)
    page = caching.render_shared(
        "learning/lesson.html", shown, slug=slug, lesson=lesson, done=done,
        language=language, available_languages=version.languages)
    return caching.with_etag(make_response(page), etag)


@bp.get("/modules/<slug>/offline")
@authenticated
def offline_copy(slug: str):
    """The whole module as one self-contained HTML file (no quiz), to read offline."""
    module, version = load_module(slug)
    language = reading_language(slug, version)
    response = make_response(offline.offline_document(module, version, language))
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{offline.filename(module, language)}"')
    # Inline styles and data: figures only; nothing in the file may load or run anything.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'")
    return response


@bp.post("/modules/<slug>/lessons/<lesson_key>/complete")
@authenticated
def complete_lesson(slug: str, lesson_key: str):
    module, version = load_module(slug)
    if lesson_key not in version.lesson_keys:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    language = reading_language(slug, version)
    services.complete_lesson(current_user, module, version, lesson_key, language)
    db.session.commit()
    index = version.lesson_keys.index(lesson_key)
    if index + 1 < len(version.lesson_keys):
        return redirect(url_for(".lesson_page", slug=slug,
                                lesson_key=version.lesson_keys[index + 1]))
    return redirect(url_for("quizzes.quiz_page", slug=slug))


@bp.get("/my-learning")
@authenticated
def dashboard():
    modules = queries.published_modules()
    texts = queries.texts_for([m.current_version for m in modules], str(get_locale()))
    progress = services.progress_views(current_user, modules)
    started = [m for m in modules if progress[m.id].started]
    awards = awards_of(current_user)
    module_titles = {m.id: texts[m.current_version_id].title for m in modules}
    return render_template("learning/dashboard.html", started=started, texts=texts,
                           progress=progress, awards=awards, module_titles=module_titles,
                           modules=modules)
