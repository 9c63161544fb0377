"""Login, logout, terms of use and the user's own settings."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
