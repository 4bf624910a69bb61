"""Self-registration with a confirmed e-mail address.

Whether or not an address already has an account, the visitor sees the same
page and the request takes about the same time; only the mailbox owner learns
which it was. This keeps registration from revealing who has an account.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from coursehub.accounts.models import User
from coursehub.accounts.services import (
    burn_password_hash_time,
    create_or_update_user,
    find_user_by_email,
)
from coursehub.accounts.tokens import make_confirmation_token, user_for_confirmation
from coursehub.core.db import utcnow
from coursehub.core.mail import send_mail


def request_registration(*, email: str, password: str, name: str, justice_role: str,
                         country: str, organisation_name: str, locale: str | None) -> None:
    """Create an unconfirmed learner and mail a link, or tell the owner they have an account."""
    existing = find_user_by_email(email)
    if existing is not None:
        burn_password_hash_time(password)
        _mail_existing_account(existing)
        return
    user, _created = create_or_update_user(
        email=email, password=password, name=name, role="learner", justice_role=justice_role,
        country=country, organisation_name=organisation_name,
    )
    user.email_confirmed_at = None
    user.locale = locale
    send_confirmation(user)


def send_confirmation(user: User) -> None:
    link = url_for("accounts.confirm_email", token=make_confirmation_token(user), _external=True)
    send_mail(user.email, _("Confirm your CourseHub account"), _(
        "Hello %(name)s,\n\nTo finish creating your CourseHub account, open this link:\n"
        "%(link)s\n\nIf you did not ask for an account, ignore this message.",
        name=user.name, link=link))


def _mail_existing_account(user: User) -> None:
    send_mail(user.email, _("You already have a CourseHub account"), _(
        "Hello %(name)s,\n\nSomeone (probably you) tried to register with this address, "
        "but it already has an account. Sign in here: %(login)s\n"
        "Forgot your password? Choose a new one here: %(reset)s\n\n"
        "If it was not you, you can ignore this message.",
        name=user.name, login=url_for("accounts.login", _external=True),
        reset=url_for("accounts.forgot_password", _external=True)))


def confirm_email(token: str) -> User | None:
    """Mark the address confirmed (once); None for a bad or expired link."""
    user = user_for_confirmation(token)
    if user is None or user.anonymised_at is not None:
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user
