"""Operations on frameworks; they flush and log to the audit log, the route commits. A rule that
says no raises `Refused` with a `vocab.Refusal` code.

Other areas read frameworks through `published_frameworks`, `get_unit`, `unit_criteria` and
the model relationships (`framework.units`, `unit.outcomes`, `outcome.criteria`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.audit import record
from app.extensions import db
from app.frameworks.document import MAX_BYTES, Problem, parse, validate
from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit
from app.frameworks.transfer import from_document, to_document
from app.frameworks.vocab import FrameworkStatus, Level, Refusal
from app.refusals import Refused

MAX_IMPORT_BYTES = MAX_BYTES


def unit_groups(units: list[Unit]) -> list[tuple[Framework, list[tuple[Level, list[Unit]]]]]:
    """The units by framework (in the given order), and within each by level, lowest first:
    how the forms that choose units offer them."""
    frameworks: dict[int, tuple[Framework, dict[Level, list[Unit]]]] = {}
    for unit in units:
        _framework, levels = frameworks.setdefault(unit.framework_id, (unit.framework, {}))
        levels.setdefault(unit.level, []).append(unit)
    order = list(Level)
    return [
        (framework, sorted(levels.items(), key=lambda item: order.index(item[0])))
        for framework, levels in frameworks.values()
    ]


def published_frameworks() -> list[Framework]:
    """Every published framework version, by name: what cases may be mapped against."""
    query = sa.select(Framework).where(Framework.status == FrameworkStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(Framework.name, Framework.version)))


def unit_criteria(unit: Unit) -> list[AssessmentCriterion]:
    """Every criterion of a unit, in order: what an assessment must cover."""
    return unit.criteria


def _require_draft(framework: Framework) -> None:
    if framework.status != FrameworkStatus.DRAFT:
        raise Refused(Refusal.NOT_DRAFT)


def code_version_taken(code: str, version: int, exclude: Framework | None = None) -> bool:
    """True when another framework already has this code and version."""
    query = sa.select(Framework.id).where(Framework.code == code, Framework.version == version)
    if exclude is not None and exclude.id is not None:
        query = query.where(Framework.id != exclude.id)
    with db.session.no_autoflush:  # the object being checked may hold the clashing values
        return db.session.scalar(query) is not None


def save_framework(framework: Framework, **fields: Any) -> Framework:
    """Create a draft or change a draft's details (code, name, description, ssyk, owner)."""
    _require_draft(framework)
    code = (fields.get("code") or framework.code or "").strip()
    if code_version_taken(code, framework.version or 1, exclude=framework):
        raise Refused(Refusal.CODE_TAKEN, field="code")  # checked before anything changes
    for key, value in fields.items():
        setattr(framework, key, value.strip() if isinstance(value, str) else value)
    framework.ssyk_code = framework.ssyk_code or None
    framework.version = framework.version or 1
    created = framework.id is None
    db.session.add(framework)
    db.session.flush()
    record("framework.created" if created else "framework.updated", framework)
    return framework


def delete_framework(framework: Framework) -> None:
    """Remove a draft that was never published."""
    _require_draft(framework)
    record("framework.deleted", framework, details={"code": framework.code})
    db.session.delete(framework)
    db.session.flush()


def _renumber(items: list) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position


def move_item(parent: Any, collection: str, item: Any, step: int) -> None:
    """Move `item` one place up (-1) or down (+1) in `parent.<collection>`."""
    _require_draft(parent if isinstance(parent, Framework) else parent.framework)
    # Reorder a plain copy: reassigning slots of the relationship list itself would orphan
    # (and so delete) the item that is displaced.
    items = list(getattr(parent, collection))
    index = items.index(item)
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(items)
    db.session.flush()
    db.session.expire(parent, [collection])


def unit_code_taken(framework: Framework, code: str, exclude: Unit | None = None) -> bool:
    """True when another unit of the framework has this code (ignoring case)."""
    return any(u.code.casefold() == code.casefold() and u is not exclude for u in framework.units)


def save_unit(framework: Framework, unit: Unit | None, **fields: Any) -> Unit:
    """Add a unit to a draft, or change one of its units."""
    _require_draft(framework)
    if unit_code_taken(framework, fields["code"].strip(), exclude=unit):
        raise Refused(Refusal.UNIT_CODE_TAKEN, field="code")
    if unit is None:
        unit = Unit(position=len(framework.units))
        framework.units.append(unit)
    for key, value in fields.items():
        setattr(unit, key, value.strip() if isinstance(value, str) else value)
    unit.concept_ref = unit.concept_ref or None
    db.session.flush()
    record("framework.unit_saved", unit, details={"framework_id": framework.id})
    return unit


def remove_unit(unit: Unit) -> None:
    """Remove a unit (with its outcomes and criteria) from a draft."""
    framework = unit.framework
    _require_draft(framework)
    framework.units.remove(unit)
    _renumber(framework.units)
    db.session.flush()
    record("framework.unit_removed", framework, details={"code": unit.code})


def save_outcome(unit: Unit, outcome: LearningOutcome | None, text: str) -> LearningOutcome:
    """Add a learning outcome to a unit of a draft, or change its text."""
    _require_draft(unit.framework)
    if outcome is None:
        outcome = LearningOutcome(position=len(unit.outcomes))
        unit.outcomes.append(outcome)
    outcome.text = text.strip()
    db.session.flush()
    record("framework.outcome_saved", outcome, details={"framework_id": unit.framework_id})
    return outcome


def remove_outcome(outcome: LearningOutcome) -> None:
    """Remove a learning outcome (with its criteria) from a draft."""
    unit = outcome.unit
    _require_draft(unit.framework)
    unit.outcomes.remove(outcome)
    _renumber(unit.outcomes)
    db.session.flush()
    record("framework.outcome_removed", unit, details={"framework_id": unit.framework_id})


def save_criterion(
    outcome: LearningOutcome, criterion: AssessmentCriterion | None, text: str
) -> AssessmentCriterion:
    """Add an assessment criterion to an outcome of a draft, or change its text."""
    _require_draft(outcome.framework)
    if criterion is None:
        criterion = AssessmentCriterion(position=len(outcome.criteria))
        outcome.criteria.append(criterion)
    criterion.text = text.strip()
    db.session.flush()
    record("framework.criterion_saved", criterion, details={"framework_id": outcome.framework.id})
    return criterion


def remove_criterion(criterion: AssessmentCriterion) -> None:
    """Remove an assessment criterion from a draft."""
    outcome = criterion.outcome
    _require_draft(outcome.framework)
    outcome.criteria.remove(criterion)
    _renumber(outcome.criteria)
    db.session.flush()
    record("framework.criterion_removed", outcome, details={"framework_id": outcome.framework.id})


def publication_problems(framework: Framework) -> list[Problem]:
    """What stops the draft from being published (the same rules as an imported file)."""
    return validate(to_document(framework))


def publish_framework(framework: Framework) -> None:
    """Publish a complete draft; from now on it can never change."""
    _require_draft(framework)
    problems = publication_problems(framework)
    if problems:
        raise Refused(Refusal.INCOMPLETE, problems=problems)
    framework.status = FrameworkStatus.PUBLISHED
    db.session.flush()
    record("framework.published", framework)


def retire_framework(framework: Framework) -> None:
    """Retire a published version: no new mappings, existing cases keep it."""
    if framework.status != FrameworkStatus.PUBLISHED:
        raise Refused(Refusal.NOT_PUBLISHED)
    framework.status = FrameworkStatus.RETIRED
    db.session.flush()
    record("framework.retired", framework)


def draft_of(code: str) -> Framework | None:
    """The draft version of the framework with this code, if one is being written."""
    query = sa.select(Framework).where(
        Framework.code == code, Framework.status == FrameworkStatus.DRAFT
    )
    return db.session.scalar(query)


def new_version(framework: Framework) -> Framework:
    """Copy a published (or retired) version into a new draft with the next version number."""
    if framework.status == FrameworkStatus.DRAFT:
        raise Refused(Refusal.NOT_PUBLISHED)
    if draft_of(framework.code) is not None:
        raise Refused(Refusal.DRAFT_EXISTS)
    latest = db.session.scalar(
        sa.select(sa.func.max(Framework.version)).where(Framework.code == framework.code)
    )
    document = {**to_document(framework), "version": latest + 1}
    draft = from_document(document)
    db.session.add(draft)
    db.session.flush()
    record("framework.new_version", draft, details={"from_id": framework.id})
    return draft


def read_import(raw: bytes) -> tuple[dict | None, list[Problem]]:
    """The framework an exchange file describes, or None and every problem found in the file
    (also a code and version that already exist). Nothing is stored."""
    doc, problems = parse(raw)
    if not problems:
        problems = validate(doc)
    if not problems and code_version_taken(doc["code"].strip(), doc["version"]):
        problems = [Problem("version", "exists", {"code": doc["code"], "version": doc["version"]})]
    return (None, problems) if problems else (doc, [])


def add_imported(doc: dict) -> Framework:
    """A new draft from a document `read_import` found without problems."""
    framework = from_document(doc)
    db.session.add(framework)
    db.session.flush()
    record("framework.imported", framework)
    return framework


def import_framework(raw: bytes) -> tuple[Framework | None, list[Problem]]:
    """A new draft from an exchange file, or None and every problem found in the file."""
    doc, problems = read_import(raw)
    return (add_imported(doc), []) if doc is not None else (None, problems)
