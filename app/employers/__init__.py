"""The employers area."""

from flask import Blueprint

bp = Blueprint("employers", __name__, url_prefix="/employers")
