"""Friendly error pages."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_template("error.html", error=error), error.code
