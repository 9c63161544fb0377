"""Framework operations: publishing, immutability, new versions, import and export."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.extensions import db
from app.frameworks import services
from app.frameworks.immutability import PublishedFrameworkIsImmutable
from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit
from app.frameworks.transfer import to_document
from app.frameworks.vocab import FrameworkStatus, Level, Refusal
from app.refusals import Refused
from tests.frameworks.factories import make_framework, make_unit

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "frameworks"


def test_numbering_hours_and_credits(framework):
    unit = framework.units[1]
    assert [o.number for o in unit.outcomes] == ["1", "2"]
    assert [c.number for c in unit.criteria] == ["1.1", "1.2", "2.1", "2.2"]
    assert unit.credits == 2 and unit.hours == 20
    assert framework.total_credits == 3


@pytest.mark.parametrize(
    "change",
    [
        lambda fw: setattr(fw, "name", "Nytt namn"),
        lambda fw: setattr(fw.units[0], "credits", 99),
        lambda fw: setattr(fw.units[0].outcomes[0], "text", "ändrat"),
        lambda fw: setattr(fw.units[0].outcomes[0].criteria[0], "text", "ändrat"),
        lambda fw: fw.units.append(make_unit(5)),
        lambda fw: fw.units[0].outcomes[0].criteria.append(AssessmentCriterion(text="nytt")),
        lambda fw: fw.units[0].outcomes.pop(),
        lambda fw: db.session.delete(fw.units[0].outcomes[0].criteria[0]),
        lambda fw: db.session.delete(fw),
        lambda fw: setattr(fw, "status", FrameworkStatus.DRAFT),
    ],
)
def test_the_session_refuses_any_change_to_a_published_version(framework, change):
    change(framework)
    with pytest.raises(PublishedFrameworkIsImmutable):
        db.session.flush()
    db.session.rollback()


def test_bulk_statements_cannot_bypass_the_guard(framework):
    with pytest.raises(PublishedFrameworkIsImmutable):
        db.session.execute(sa.update(LearningOutcome).values(text="x"))
    with pytest.raises(PublishedFrameworkIsImmutable):
        db.session.execute(sa.delete(Unit))


def test_a_retired_version_is_frozen_too(framework):
    services.retire_framework(framework)
    framework.name = "Ändrat"
    with pytest.raises(PublishedFrameworkIsImmutable):
        db.session.flush()
    db.session.rollback()


def test_the_services_refuse_edits_to_a_published_version(framework):
    unit = framework.units[0]
    with pytest.raises(Refused, match="not_draft"):
        services.save_outcome(unit, None, "nytt mål")
    with pytest.raises(Refused, match="not_draft"):
        services.save_unit(framework, unit, code="X", title="Y")
    with pytest.raises(Refused, match="not_draft"):
        services.remove_criterion(unit.criteria[0])
    with pytest.raises(Refused, match="not_draft"):
        services.delete_framework(framework)
    with pytest.raises(Refused, match="not_draft"):
        services.publish_framework(framework)


def test_publish_needs_a_complete_draft(draft):
    services.remove_criterion(draft.units[1].outcomes[0].criteria[0])
    services.remove_criterion(draft.units[1].outcomes[0].criteria[0])
    with pytest.raises(Refused) as refused:
        services.publish_framework(draft)
    assert refused.value.codes == (Refusal.INCOMPLETE,)
    assert [(p.path, p.kind) for p in refused.value.params["problems"]] == [
        ("units[1].outcomes[0].criteria", "empty_list")
    ]
    assert draft.status == FrameworkStatus.DRAFT


def test_publish_then_retire_is_logged(draft):
    services.publish_framework(draft)
    services.retire_framework(draft)
    assert draft.status == FrameworkStatus.RETIRED
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.object_id == draft.id)
    ).all()
    assert {"framework.published", "framework.retired"} <= set(actions)
    with pytest.raises(Refused, match="not_published"):
        services.retire_framework(draft)


def test_new_version_copies_into_a_draft_and_leaves_the_original(framework):
    draft = services.new_version(framework)
    assert draft.id != framework.id and draft.version == 2 and draft.is_draft
    assert to_document(draft) == {**to_document(framework), "version": 2}
    services.save_outcome(draft.units[0], draft.units[0].outcomes[0], "ny formulering")
    db.session.flush()
    db.session.expire_all()
    assert framework.units[0].outcomes[0].text == "mål 1 i enhet 1"
    with pytest.raises(Refused, match="draft_exists"):
        services.new_version(framework)
    with pytest.raises(Refused, match="not_published"):
        services.new_version(draft)


def test_editing_a_draft_keeps_numbers_in_order(draft):
    unit = draft.units[0]
    added = services.save_outcome(unit, None, "tredje mål")
    services.save_criterion(added, None, "kriterium 3.1")
    assert added.number == "3" and added.criteria[0].number == "3.1"
    services.move_item(unit, "outcomes", added, -1)
    assert added.number == "2" and [o.position for o in unit.outcomes] == [0, 1, 2]
    services.move_item(unit, "outcomes", unit.outcomes[0], -1)  # already first: stays
    assert unit.outcomes[1] is added
    services.remove_outcome(unit.outcomes[0])
    assert added.number == "1" and [o.position for o in unit.outcomes] == [0, 1]


def test_unit_codes_are_unique_within_a_framework(draft):
    with pytest.raises(Refused, match="unit_code_taken"):
        services.save_unit(
            draft, None, code="u-1", title="Dubblett", level=Level.LEVEL_1, credits=1
        )


def test_export_then_import_gives_an_identical_framework(draft):
    exported = json.dumps(to_document(draft)).encode()
    before = to_document(draft)
    services.delete_framework(draft)
    imported, problems = services.import_framework(exported)
    assert problems == [] and imported.is_draft
    assert to_document(imported) == before


def test_import_of_an_existing_version_is_refused(framework):
    raw = json.dumps(to_document(framework)).encode()
    imported, problems = services.import_framework(raw)
    assert imported is None
    assert [(p.path, p.kind) for p in problems] == [("version", "exists")]


def test_a_bad_file_imports_nothing():
    count = db.session.scalar(sa.select(sa.func.count(Framework.id)))
    doc = json.loads((DEMO / "lokalvard.json").read_text())
    doc["code"] = "ny-ram"
    del doc["units"][2]["outcomes"][0]["criteria"][1]["text"]
    doc["units"][3]["level"] = "master"
    imported, problems = services.import_framework(json.dumps(doc).encode())
    assert imported is None
    assert {(p.path, p.kind) for p in problems} == {
        ("units[2].outcomes[0].criteria[1].text", "missing"),
        ("units[3].level", "unknown_level"),
    }
    assert db.session.scalar(sa.select(sa.func.count(Framework.id))) == count


def test_published_frameworks_lists_only_published(framework, draft):
    retired = make_framework("retired")
    listed = services.published_frameworks()
    assert framework in listed and draft not in listed and retired not in listed


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.json")), ids=lambda p: p.stem)
def test_each_demo_file_is_valid_and_round_trips(path):
    framework, problems = services.import_framework(path.read_bytes())
    assert problems == []
    services.publish_framework(framework)
    assert 4 <= len(framework.units) <= 8
    assert len({u.level for u in framework.units}) >= 2
    for unit in framework.units:
        assert 2 <= len(unit.outcomes) <= 4
        assert all(2 <= len(o.criteria) <= 4 for o in unit.outcomes)
    assert to_document(framework) == json.loads(path.read_text())
