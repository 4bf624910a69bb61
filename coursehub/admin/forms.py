"""Forms for managing organisations, cohorts and users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from coursehub.accounts.forms import JUSTICE_ROLE_CHOICES, country_choices

ORGANISATION_KIND_CHOICES = [
    SelectChoice("judiciary", _l("Judiciary")),
    SelectChoice("prosecution", _l("Prosecution service")),
    SelectChoice("police", _l("Police")),
    SelectChoice("other", _l("Other")),
]
ROLE_CHOICES = [
    SelectChoice("learner", _l("Learner")),
    SelectChoice("instructor", _l("Instructor")),
    SelectChoice("admin", _l("Administrator")),
]


def _optional_int(value):
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=ORGANISATION_KIND_CHOICES)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)],
                       description=_l("For example: Montevideo workshop, March 2027"))
    instructor = SelectField(_l("Instructor"), coerce=_optional_int, validators=[Optional()])
    organisation = SelectField(_l("Organisation"), coerce=_optional_int,
                               validators=[Optional()])
    modules = SelectMultipleField(_l("Modules"), coerce=int, validators=[DataRequired()])
    starts_on = DateField(_l("Start date"), validators=[Optional()])
    due_on = DateField(_l("Due date"), validators=[Optional()])
    open = SelectField(_l("Learners can join"), coerce=lambda v: v in (True, "1", "True"),
                       choices=[SelectChoice("1", _l("Yes")), SelectChoice("0", _l("No"))])
    submit = SubmitField(_l("Save"))

    def validate_due_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The due date cannot be before the start date."))


class UserForm(FlaskForm):
    role = SelectField(_l("Role in CourseHub"), choices=ROLE_CHOICES)
    organisation = SelectField(_l("Organisation"), coerce=_optional_int,
                               validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    justice_role = SelectField(_l("Role in the justice system"), choices=JUSTICE_ROLE_CHOICES)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()


class JoinForm(FlaskForm):
    code = StringField(_l("Enrolment code"), validators=[DataRequired(), Length(max=32)])
    submit = SubmitField(_l("Join"))
