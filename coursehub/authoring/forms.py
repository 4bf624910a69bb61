"""Forms of the authoring area (each carries its CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class NewModuleForm(FlaskForm):
    slug = StringField(_l("Address (slug)"), validators=[DataRequired(), Length(max=80),
                                                         Regexp(SLUG, message=_l(
                                                             "Use lowercase letters, digits "
                                                             "and hyphens."))],
                       description=_l("Part of the module's web address, e.g. dns-basics. "
                                      "It cannot change after publishing."))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Main language"), choices=[
        SelectChoice("en", "English"), SelectChoice("es", "Español"),
        SelectChoice("pt_BR", "Português (Brasil)")])


class EditFileForm(FlaskForm):
    text = TextAreaField(_l("File text"))
    action = HiddenField(default="save")


class NewFileForm(FlaskForm):
    path = StringField(_l("File path"), validators=[DataRequired(), Length(max=300)],
                       description=_l("For example en/02-records.md or es/quiz.md"))


class UploadForm(FlaskForm):
    archive = FileField(_l("Module folder as a zip"), validators=[FileRequired()])


class GiftForm(FlaskForm):
    gift = FileField(_l("GIFT file (Moodle question export)"), validators=[FileRequired()])


class ActionForm(FlaskForm):
    """A button that posts (publish, unpublish, archive, delete)."""
