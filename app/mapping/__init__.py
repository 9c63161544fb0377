"""Competence mapping (kartläggning) of a case against frameworks, with evidence."""

from flask import Blueprint

bp = Blueprint("mapping", __name__, url_prefix="/mapping")
