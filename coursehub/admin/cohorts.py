"""Organisation, cohort and user management: the write operations."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from coursehub.accounts.models import Organisation, User
from coursehub.admin import audit
from coursehub.admin.cohort_models import Cohort, CohortMember, CohortModule, new_join_code
from coursehub.content import queries
from coursehub.core.db import db


class CohortError(ValueError):
    """A cohort request that cannot be carried out."""


def save_organisation(actor: User, organisation: Organisation | None, *, name: str,
                      country: str, kind: str) -> Organisation:
    """Create or update an organisation; raises CohortError on a duplicate name."""
    created = organisation is None
    taken = db.session.scalar(select(Organisation.id).where(
        func.lower(Organisation.name) == name.strip().lower()))
    if taken is not None and (created or taken != organisation.id):
        raise CohortError("duplicate")
    if organisation is None:
        organisation = Organisation()
        db.session.add(organisation)
    organisation.name, organisation.country, organisation.kind = name.strip(), country, kind
    db.session.flush()
    audit.record(actor, "organisation_created" if created else "organisation_updated",
                 "organisation", organisation.id, name=organisation.name)
    return organisation


def save_cohort(actor: User, cohort: Cohort | None, *, name: str, instructor_id: int | None,
                organisation_id: int | None, module_ids: list[int], starts_on, due_on,
                open_: bool) -> Cohort:
    """Create or update a cohort and set its modules."""
    created = cohort is None
    if cohort is None:
        cohort = Cohort(join_code=new_join_code())
        db.session.add(cohort)
    cohort.name = name.strip()
    cohort.instructor_id = instructor_id
    cohort.organisation_id = organisation_id
    cohort.starts_on, cohort.due_on, cohort.open = starts_on, due_on, open_
    db.session.flush()
    current = {m.module_id for m in cohort.modules}
    wanted = set(module_ids)
    for link in list(cohort.modules):
        if link.module_id not in wanted:
            cohort.modules.remove(link)
    for module_id in sorted(wanted - current):
        cohort.modules.append(CohortModule(module_id=module_id))
    db.session.flush()
    audit.record(actor, "cohort_created" if created else "cohort_updated", "cohort",
                 cohort.id, name=cohort.name, modules=sorted(wanted),
                 instructor_id=instructor_id)
    return cohort


def new_code(actor: User, cohort: Cohort) -> str:
    """Replace the cohort's enrolment code (the old link stops working)."""
    cohort.join_code = new_join_code()
    audit.record(actor, "cohort_code_changed", "cohort", cohort.id)
    return cohort.join_code


def find_cohort_by_code(code: str) -> Cohort | None:
    return db.session.scalar(select(Cohort).where(Cohort.join_code == code.strip()))


def join_cohort(user: User, cohort: Cohort) -> bool:
    """Add the learner to the cohort; True if they were not a member yet."""
    if not cohort.open:
        raise CohortError("closed")
    if is_member(user.id, cohort.id):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    except IntegrityError:
        return False
    return True


def is_member(user_id: int, cohort_id: int) -> bool:
    return db.session.scalar(select(func.count()).select_from(CohortMember).where(
        CohortMember.user_id == user_id, CohortMember.cohort_id == cohort_id)) > 0


def members(cohort_id: int) -> list[tuple[User, datetime]]:
    """The cohort's learners with the time each joined, by name."""
    return [(user, joined) for user, joined in db.session.execute(
        select(User, CohortMember.joined_at)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort_id).order_by(User.name, User.id))]


def remove_member(actor: User, cohort: Cohort, user_id: int) -> bool:
    """Take a learner out of the cohort; False if they were not in it.

    Only the membership goes: the learner's progress, attempts and badges stay,
    and leave this cohort's reports.
    """
    removed = db.session.execute(delete(CohortMember).where(
        CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id)).rowcount
    if removed:
        audit.record(actor, "cohort_member_removed", "cohort", cohort.id, user_id=user_id)
    return bool(removed)


def member_counts(cohort_ids: Collection[int] | None = None) -> dict[int, int]:
    """Learners per cohort (of these cohorts, or of all)."""
    counts = select(CohortMember.cohort_id, func.count()).group_by(CohortMember.cohort_id)
    if cohort_ids is not None:
        counts = counts.where(CohortMember.cohort_id.in_(cohort_ids))
    return dict(db.session.execute(counts).all())


def taught_by(instructor_id: int) -> list[Cohort]:
    """The cohorts this instructor runs, the latest start first (undated last)."""
    return list(db.session.scalars(
        select(Cohort).where(Cohort.instructor_id == instructor_id)
        .options(selectinload(Cohort.modules))
        .order_by(Cohort.starts_on.desc().nulls_last(), Cohort.name, Cohort.id)))


def module_titles(module_ids: Collection[int]) -> dict[int, tuple[str, str]]:
    """Module id -> (slug, title) of these modules that are published, in catalogue
    order and the interface language."""
    modules = [m for m in queries.published_modules() if m.id in module_ids]
    texts = queries.texts_for([m.current_version for m in modules], str(get_locale()))
    return {m.id: (m.slug, texts[m.current_version_id].title) for m in modules}


def update_user(actor: User, user: User, *, role: str, organisation_id: int | None,
                country: str, justice_role: str) -> None:
    """Change a user's account settings; a role change is audited with old and new."""
    if role != user.role:
        if user.id == actor.id and role != "admin":
            raise CohortError("own-role")
        audit.record(actor, "role_change", "user", user.id, old=user.role, new=role)
        user.role = role
    user.organisation_id = organisation_id
    if organisation_id is not None:
        organisation = db.session.get(Organisation, organisation_id)
        user.organisation_name = organisation.name if organisation else user.organisation_name
    user.country = country or ""
    user.justice_role = justice_role
    db.session.flush()
