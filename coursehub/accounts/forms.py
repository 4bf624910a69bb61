"""Registration and sign-in forms."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from coursehub.accounts.services import password_problem

# Latin America and the Caribbean first, then a few others workshops see often.
COUNTRY_CODES = (
    "AR BO BR CL CO CR CU DO EC SV GT HN MX NI PA PY PE UY VE "
    "AG BS BB BZ DM GD GY HT JM KN LC VC SR TT "
    "CA ES PT US"
).split()

JUSTICE_ROLE_CHOICES = [
    SelectChoice("judge", _l("Judge")),
    SelectChoice("prosecutor", _l("Prosecutor")),
    SelectChoice("law_enforcement", _l("Law enforcement")),
    SelectChoice("court_staff", _l("Court staff")),
    SelectChoice("other", _l("Other")),
]


def country_choices() -> list[SelectChoice]:
    """Country codes with names in the visitor's language, sorted by name."""
    names = get_locale().territories
    choices = sorted((SelectChoice(code, names.get(code, code)) for code in COUNTRY_CODES),
                     key=lambda choice: choice.label)
    return [SelectChoice("", _l("Choose your country")), *choices,
            SelectChoice("ZZ", _l("Other country"))]


def strong_password(form, field) -> None:
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(str(problem))


class RegistrationForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), strong_password],
        description=_l("At least 12 characters. A short sentence is easy to remember."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=200)],
                               description=_l("For example: Public Prosecution Service of "
                                              "Uruguay"),
                               render_kw={"autocomplete": "organization"})
    country = SelectField(_l("Country"), validators=[DataRequired()])
    justice_role = SelectField(_l("Role in the justice system"), choices=JUSTICE_ROLE_CHOICES,
                               validators=[DataRequired()])
    submit = SubmitField(_l("Create account"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Sign in"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Sign out"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "email"})
    submit = SubmitField(_l("Send me a link"))


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), strong_password],
        description=_l("At least 12 characters. A short sentence is easy to remember."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Save the new password"))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Delete my account"))
