"""Browsing frameworks (read-only for coaches, assessors and employers) and exporting them."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Response, render_template, request
from flask_login import current_user

from app.extensions import db
from app.frameworks import bp
from app.frameworks.labels import LEVEL_LABELS, STATUS_LABELS
from app.frameworks.models import Framework
from app.frameworks.services import publication_problems
from app.frameworks.transfer import to_document
from app.frameworks.vocab import FrameworkStatus
from app.permissions import can, permission
from app.web import load


@bp.get("/")
@permission("framework.view")
def index():
    """The frameworks a user may see: published ones, and for administrators every version."""
    query = sa.select(Framework).order_by(Framework.name, Framework.version.desc())
    statuses = [FrameworkStatus.PUBLISHED]
    if can(current_user, "framework.manage"):
        wanted = request.args.get("status", "")
        statuses = [s for s in FrameworkStatus if s.value == wanted] or list(FrameworkStatus)
    frameworks = db.session.scalars(query.where(Framework.status.in_(statuses))).all()
    return render_template(
        "frameworks/index.html",
        frameworks=frameworks,
        status_labels=STATUS_LABELS,
        wanted=request.args.get("status", ""),
    )


@bp.get("/<int:framework_id>")
@permission("framework.view")
def show(framework_id: int):
    """A framework version with its units, outcomes and criteria (the editor for a draft)."""
    framework = load(Framework, framework_id, "framework.view")
    problems = publication_problems(framework) if framework.is_draft else []
    return render_template(
        "frameworks/show.html",
        framework=framework,
        level_labels=LEVEL_LABELS,
        status_labels=STATUS_LABELS,
        can_publish=not problems,
    )


@bp.get("/<int:framework_id>/export.json")
@permission("framework.view")
def export(framework_id: int):
    """The framework version as a JSON exchange file."""
    framework = load(Framework, framework_id, "framework.view")
    body = json.dumps(to_document(framework), ensure_ascii=False, indent=2) + "\n"
    filename = f"{framework.code}-v{framework.version}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
