"""Between framework models and the exchange document (see `document` for the format)."""

from __future__ import annotations

from typing import Any

from app.frameworks.document import SCHEMA_ID
from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit
from app.frameworks.vocab import Level


def to_document(framework: Framework) -> dict[str, Any]:
    """The framework version as an exchange document (a JSON-ready dict)."""
    return {
        "schema": SCHEMA_ID,
        "code": framework.code,
        "version": framework.version,
        "name": framework.name,
        "description": framework.description or "",
        "ssyk": framework.ssyk_code,
        "owner": framework.owner,
        "units": [_unit_document(unit) for unit in framework.units],
    }


def _unit_document(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "title": unit.title,
        "level": unit.level.value,
        "credits": unit.credits,
        "concept": unit.concept_ref,
        "outcomes": [
            {"text": outcome.text, "criteria": [{"text": c.text} for c in outcome.criteria]}
            for outcome in unit.outcomes
        ],
    }


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def from_document(doc: dict[str, Any]) -> Framework:
    """A new draft framework built from a document that `document.validate` accepted."""
    return Framework(
        code=doc["code"].strip(),
        version=doc["version"],
        name=doc["name"].strip(),
        description=(doc.get("description") or "").strip(),
        ssyk_code=_clean(doc.get("ssyk")),
        owner=doc["owner"].strip(),
        units=[_unit_model(i, unit) for i, unit in enumerate(doc["units"])],
    )


def _unit_model(position: int, doc: dict[str, Any]) -> Unit:
    return Unit(
        position=position,
        code=doc["code"].strip(),
        title=doc["title"].strip(),
        level=Level(doc["level"]),
        credits=doc["credits"],
        concept_ref=_clean(doc.get("concept")),
        outcomes=[
            LearningOutcome(
                position=i,
                text=outcome["text"].strip(),
                criteria=[
                    AssessmentCriterion(position=j, text=c["text"].strip())
                    for j, c in enumerate(outcome["criteria"])
                ],
            )
            for i, outcome in enumerate(doc["outcomes"])
        ],
    )
