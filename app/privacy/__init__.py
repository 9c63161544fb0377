"""The privacy area."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/admin/privacy")
