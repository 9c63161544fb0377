"""The certificates area."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)
