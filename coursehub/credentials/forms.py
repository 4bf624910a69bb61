"""Admin forms: award a badge by hand, revoke one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length


class AwardForm(FlaskForm):
    email = EmailField(_l("Learner's email"), validators=[DataRequired(), Email(),
                                                          Length(max=254)])
    module = SelectField(_l("Module"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason for the award"), validators=[DataRequired(),
                                                                   Length(max=500)],
                           description=_l("Kept in the audit log, e.g. the in-person "
                                          "workshop the learner attended."))
    submit = SubmitField(_l("Award the badge"))


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason for revoking"), validators=[DataRequired(),
                                                                Length(max=500)],
                         description=_l("Shown on the public verification page."))
