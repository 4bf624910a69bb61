"""The report filter form (GET, no CSRF: it changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from coursehub.accounts.forms import JUSTICE_ROLE_CHOICES, country_choices
from coursehub.accounts.models import Organisation
from coursehub.admin.cohort_models import Cohort
from coursehub.core.db import db
from coursehub.reports.filters import ReportFilters, Scope


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    cohort = SelectField(_l("Cohort"), coerce=_int_or_none, validators=[Optional()])
    organisation = SelectField(_l("Organisation"), coerce=_int_or_none,
                               validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    justice_role = SelectField(_l("Role in the justice system"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])

    def fill_choices(self, scope: Scope) -> None:
        """Cohorts in the viewer's scope, every organisation, countries and roles."""
        cohorts = select(Cohort.id, Cohort.name).order_by(Cohort.name)
        if scope.cohort_ids is not None:
            cohorts = cohorts.where(Cohort.id.in_(scope.cohort_ids))
        self.cohort.choices = [SelectChoice(None, _l("All my cohorts")
                                            if scope.cohort_ids is not None else _l("All")),
                               *(SelectChoice(c.id, c.name)
                                 for c in db.session.execute(cohorts))]
        self.organisation.choices = [SelectChoice(None, _l("All")), *(
            SelectChoice(o.id, o.name) for o in db.session.execute(
                select(Organisation.id, Organisation.name).order_by(Organisation.name)))]
        self.country.choices = [SelectChoice("", _l("All")),
                                *[c for c in country_choices() if c.value]]
        self.justice_role.choices = [SelectChoice("", _l("All")), *JUSTICE_ROLE_CHOICES]

    def filters(self) -> ReportFilters:
        """The filters from the valid fields (an invalid field counts as "any")."""
        self.validate()

        def ok(field):
            return None if field.errors else (field.data or None)

        return ReportFilters(cohort_id=ok(self.cohort), organisation_id=ok(self.organisation),
                             country=ok(self.country), justice_role=ok(self.justice_role),
                             date_from=ok(self.date_from), date_to=ok(self.date_to))
