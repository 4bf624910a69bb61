"""The authoring area: instructors and admins write, preview and publish modules."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from coursehub.authoring import files as draft_files
from coursehub.authoring import services
from coursehub.authoring.forms import (
    ActionForm,
    EditFileForm,
    GiftForm,
    NewFileForm,
    NewModuleForm,
    UploadForm,
)
from coursehub.authoring.gift_import import export_gift, import_gift
from coursehub.authoring.preview import preview_file
from coursehub.content.figures import CONTENT_TYPES
from coursehub.core.db import db
from coursehub.core.permissions import roles_required
from coursehub.quizzes.bank import bank_entries

bp = Blueprint("authoring", __name__, url_prefix="/authoring")
AUTHORS = ("instructor", "admin")
MAX_UPLOAD = 16 * 1024 * 1024


def load(slug: str):
    module = services.get_module(slug)
    if module is None:
        abort(404)
    return module


@bp.get("/")
@roles_required(*AUTHORS)
def index():
    return render_template("authoring/index.html", modules=services.all_modules(),
                           due=services.due_for_review(), form=NewModuleForm(),
                           upload=UploadForm())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def new_module():
    form = NewModuleForm()
    if form.validate_on_submit():
        try:
            module = services.create_module(form.slug.data, form.title.data.strip(),
                                            form.language.data, current_user)
        except services.AuthoringError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Module created. Write its lessons, then publish it."), "success")
            return redirect(url_for(".module_page", slug=module.slug))
    return render_template("authoring/new.html", form=form)


@bp.post("/upload")
@roles_required(*AUTHORS)
def upload_new():
    form = UploadForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        top, files = draft_files.from_zip(_read_upload(form.archive.data))
        if top is None:
            raise draft_files.DraftFileError(_("put the module's files in one folder named "
                                               "after its address"))
        module = services.get_module(top) or services.create_module(top, top, "en",
                                                                     current_user)
        services.replace_draft(module, files, current_user)
    except (draft_files.DraftFileError, services.AuthoringError) as error:
        flash(_("The zip was not accepted: %(reason)s", reason=str(error)), "error")
        return redirect(url_for(".index"))
    db.session.commit()
    flash(_("Uploaded %(count)s files into the draft.", count=len(files)), "success")
    return redirect(url_for(".module_page", slug=module.slug))


@bp.get("/<slug>")
@roles_required(*AUTHORS)
def module_page(slug: str):
    module = load(slug)
    files = services.draft_files_of(module)
    problems, draft_hash = services.validate_draft(module, files)
    current = module.current_version
    return render_template(
        "authoring/module.html", module=module, files=sorted(files), problems=problems,
        changed=current is None or current.content_hash != draft_hash,
        versions=services.versions_with_attempts(module), log=services.changelog(module),
        action=ActionForm(), new_file=NewFileForm(), upload=UploadForm(), gift=GiftForm(),
    )


@bp.route("/<slug>/edit/<path:path>", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def edit_file(slug: str, path: str):
    module = load(slug)
    files = services.draft_files_of(module)
    if path not in files or path.rsplit(".", 1)[-1] not in ("md", "toml"):
        abort(404)
    form = EditFileForm()
    if request.method == "GET":
        form.text.data = files[path].decode("utf-8", errors="replace")
    elif form.validate_on_submit() and form.action.data != "preview":
        services.save_file(module, path, _lf(form.text.data).encode("utf-8"), current_user)
        db.session.commit()
        flash(_("Saved %(path)s.", path=path), "success")
        return redirect(url_for(".edit_file", slug=slug, path=path))
    text = _lf(form.text.data or "")
    return render_template("authoring/edit.html", module=module, path=path, form=form,
                           preview=preview_file(slug, files, path, text),
                           line_count=text.count("\n") + 1)


@bp.post("/<slug>/preview")
@roles_required(*AUTHORS)
def preview(slug: str):
    module = load(slug)
    form = EditFileForm()
    path = request.form.get("path", "")
    files = services.draft_files_of(module)
    if not form.validate_on_submit() or path not in files:
        abort(400)
    result = preview_file(slug, files, path, _lf(form.text.data or ""))
    return jsonify(html=str(result.html), problems=render_template(
        "authoring/_problems.html", problems=result.problems, other=result.other_problems,
        module=module))


@bp.post("/<slug>/files")
@roles_required(*AUTHORS)
def new_file(slug: str):
    module = load(slug)
    form = NewFileForm()
    if not form.validate_on_submit():
        abort(400)
    path = form.path.data.strip()
    try:
        draft_files.check_path(path)
        if not path.endswith(".md"):
            raise draft_files.DraftFileError(_("new files are Markdown (.md); add figures with "
                                               "a zip upload"))
        if path in services.draft_files_of(module):
            raise draft_files.DraftFileError(_("that file already exists"))
        title = path.rsplit("/", 1)[-1][:-3].split("-", 1)[-1].replace("-", " ").capitalize()
        services.save_file(module, path, f"# {title}\n\n".encode(), current_user)
    except draft_files.DraftFileError as error:
        flash(str(error), "error")
        return redirect(url_for(".module_page", slug=slug))
    db.session.commit()
    return redirect(url_for(".edit_file", slug=slug, path=path))


@bp.post("/<slug>/delete/<path:path>")
@roles_required(*AUTHORS)
def delete_file(slug: str, path: str):
    module = load(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_file(module, path, current_user)
    db.session.commit()
    flash(_("Deleted %(path)s from the draft.", path=path), "success")
    return redirect(url_for(".module_page", slug=slug))


@bp.get("/<slug>/draft/<path:path>")
@roles_required(*AUTHORS)
def draft_asset(slug: str, path: str):
    data = services.draft_files_of(load(slug)).get(path)
    suffix = "." + path.rsplit(".", 1)[-1].lower()
    if data is None or not path.startswith("figures/") or suffix not in CONTENT_TYPES:
        abort(404)
    response = Response(data, mimetype=CONTENT_TYPES[suffix])
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox")
    return response


@bp.post("/<slug>/publish")
@roles_required(*AUTHORS)
def publish(slug: str):
    module = load(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    outcome = services.publish(module, current_user)
    if outcome.status == "invalid":
        flash(_("Not published: fix the %(count)s problem(s) listed below.",
                count=len(outcome.problems)), "error")
        return redirect(url_for(".module_page", slug=slug))
    db.session.commit()
    flash(_("Published version %(number)s.", number=outcome.version.number), "success")
    for tag, wanted, available in outcome.shortfalls or []:
        flash(_("The bank has only %(available)s question(s) tagged %(tag)s; the quiz asks "
                "for %(wanted)s.", available=available, tag=tag, wanted=wanted), "error")
    return redirect(url_for(".module_page", slug=slug))


@bp.post("/<slug>/status")
@roles_required(*AUTHORS)
def set_status(slug: str):
    module = load(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.set_status(module, request.form.get("action", ""), current_user)
    except services.AuthoringError as error:
        flash(str(error), "error")
        return redirect(url_for(".module_page", slug=slug))
    db.session.commit()
    flash(_("The module is now hidden from learners; their records are kept."), "success")
    return redirect(url_for(".module_page", slug=slug))


@bp.get("/<slug>/download.zip")
@roles_required(*AUTHORS)
def download(slug: str):
    module = load(slug)
    data = draft_files.to_zip(slug, services.draft_files_of(module))
    return Response(data, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{slug}.zip"'})


@bp.post("/<slug>/upload")
@roles_required(*AUTHORS)
def upload(slug: str):
    module = load(slug)
    form = UploadForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        top, files = draft_files.from_zip(_read_upload(form.archive.data))
        if top not in (None, slug):
            raise draft_files.DraftFileError(_("the zip's folder is %(top)s, not %(slug)s",
                                               top=top, slug=slug))
    except draft_files.DraftFileError as error:
        flash(_("The zip was not accepted: %(reason)s", reason=str(error)), "error")
        return redirect(url_for(".module_page", slug=slug))
    services.replace_draft(module, files, current_user)
    db.session.commit()
    flash(_("Uploaded %(count)s files into the draft.", count=len(files)), "success")
    return redirect(url_for(".module_page", slug=slug))


@bp.post("/<slug>/gift")
@roles_required(*AUTHORS)
def gift(slug: str):
    module = load(slug)
    form = GiftForm()
    if not form.validate_on_submit():
        abort(400)
    name = form.gift.data.filename or "upload.gift"
    try:
        text = _read_upload(form.gift.data).decode("utf-8-sig")
    except UnicodeDecodeError:
        flash(_("The GIFT file must be UTF-8 text."), "error")
        return redirect(url_for(".module_page", slug=slug))
    report = import_gift(module, text, name, current_user)
    db.session.commit()
    return render_template("authoring/gift_report.html", module=module, report=report)


@bp.get("/<slug>/export.gift")
@roles_required(*AUTHORS)
def export(slug: str):
    text, _skipped = export_gift(load(slug))
    return Response(text, mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="{slug}.gift.txt"'})


@bp.get("/bank")
@roles_required(*AUTHORS)
def bank():
    tag = request.args.get("tag") or None
    entries = bank_entries(tag)
    tags = sorted({t for e in bank_entries() for t in e.tags})
    return render_template("authoring/bank.html", entries=entries, tags=tags, tag=tag)


def _read_upload(storage) -> bytes:
    data = storage.stream.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise draft_files.DraftFileError(_("the file is larger than 16 MB"))
    return data


def _lf(text: str) -> str:
    """Browsers send CRLF; files keep LF."""
    return text.replace("\r\n", "\n")
