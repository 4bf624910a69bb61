"""Sending e-mail: SMTP when configured, else the log (development).

Tests set ``MAIL_BACKEND = "memory"`` and read ``outbox(app)``.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from dataclasses import dataclass
from email.message import EmailMessage

from flask import Flask, current_app

log = logging.getLogger("coursehub.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def outbox(app: Flask) -> list[Mail]:
    """Messages kept by the in-memory backend."""
    return app.extensions.setdefault("coursehub_outbox", [])


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message. SMTP delivery runs in the background, so the
    time a request takes does not depend on whether a message was sent."""
    app = current_app._get_current_object()
    mail = Mail(to=to, subject=subject, body=body)
    backend = app.config.get("MAIL_BACKEND") or ("smtp" if app.config["MAIL_SERVER"] else "log")
    if backend == "memory":
        outbox(app).append(mail)
    elif backend == "smtp":
        threading.Thread(target=_deliver, args=(app.config.copy(), mail), daemon=True).start()
    else:
        log.warning("E-mail (not sent: no MAIL_SERVER configured)\nTo: %s\nSubject: %s\n\n%s",
                    mail.to, mail.subject, mail.body)


def _deliver(config: dict, mail: Mail) -> None:
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send e-mail to %s", mail.to)
