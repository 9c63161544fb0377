"""The frameworks area."""

from flask import Blueprint

bp = Blueprint("frameworks", __name__, url_prefix="/frameworks")
