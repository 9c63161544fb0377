"""Competence mapping (kartläggning) of a case against frameworks, with evidence."""

from flask import Blueprint

from app.mapping import access
from app.permissions import Role, rule

bp = Blueprint("mapping", __name__, url_prefix="/mapping", static_folder="static")

# Every role is named so that the scope, not the role, answers: whoever may not see the case
# gets 404 for its mapping and evidence, and cannot tell whether they exist.
rule("mapping.view", *Role, scope=access.can_view)
rule("mapping.edit", *Role, scope=access.can_edit)
