"""The assessments area over HTTP: decisions, verification, corrections, EK, settings."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.assessments.models import Assessment, UnitDecision
from app.assessments.services.verification import return_decision, sign_recommendation
from app.assessments.vocab import AssessmentStatus, DecisionStatus
from app.cases.models import PlanActivity
from app.cases.workflow import Stage
from app.extensions import db
from tests.assessments.factories import decide_all, plan, record, verified_unit
from tests.assessments.helpers import count, results_form
from tests.helpers import form_posting_to


def test_a_verifier_cannot_verify_their_own_decision_over_http(client, world, case, unit):
    verifier = world["verifier"]
    [decision] = decide_all(record(plan(case, verifier, [unit])))
    sign_recommendation(case, verifier, draw=lambda: 0.0)
    db.session.commit()
    client.login(verifier)
    response = client.post(f"/assessments/decisions/{decision.id}/verify", follow_redirects=True)
    assert "ett beslut du själv har fattat" in response.get_data(as_text=True)
    assert db.session.get(UnitDecision, decision.id).status is DecisionStatus.AWAITING_VERIFICATION


def test_a_returned_decision_goes_back_to_the_assessor_over_http(client, world, case, unit):
    [decision] = decide_all(record(plan(case, world["assessor"], [unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    client.login(world["verifier"])
    url = f"/assessments/decisions/{decision.id}/return"
    page = client.post(url, data={"comment": ""})
    assert page.status_code == 200 and "field-error" in page.get_data(as_text=True)
    assert client.post(url, data={"comment": "Foto av moment 1.2 saknas."}).status_code == 302
    assert db.session.get(UnitDecision, decision.id).status is DecisionStatus.RETURNED
    client.login(world["assessor"])
    home = client.get("/").get_data(as_text=True)
    assert f"/assessments/decisions/{decision.id}" in home
    revise = f"/assessments/decisions/{decision.id}/revise"
    data = {"outcome": "achieved", "reason": "Foto tillagt."}
    assert client.post(revise, data=data).status_code == 302
    query = sa.select(UnitDecision).where(UnitDecision.supersedes_id == decision.id)
    new = db.session.scalar(query)
    assert new.status is DecisionStatus.CONFIRMED and new.assessor == world["assessor"]


def test_the_verifier_reads_the_results_before_the_verify_and_return_forms(
    client, world, case, unit
):
    """The results behind the decision come first; verifying stands alone in its form, and the
    required comment only in the form that returns the decision."""
    [decision] = decide_all(record(plan(case, world["assessor"], [unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    client.login(world["verifier"])
    url = f"/assessments/decisions/{decision.id}"
    page = client.get(url).get_data(as_text=True)
    verify = form_posting_to(page, f"{url}/verify")
    back = form_posting_to(page, f"{url}/return")
    assert 'name="comment"' in back and 'name="comment"' not in verify
    results = page.index("Resultat bakom beslutet")
    criterion = page.index(unit.criteria[0].text, results)
    assert page.index("Förslag utifrån resultaten") < results < criterion < page.index(verify)
    assert page.index(verify) < page.index(back)
    # Refused for want of a comment: the summary stands at the top, the error at the field.
    page = client.post(f"{url}/return", data={"comment": ""}).get_data(as_text=True)
    assert page.index('id="error-summary"') < results
    assert "field-error" in form_posting_to(page, f"{url}/return")


def snapshot(decision_id: int) -> dict:
    db.session.expire_all()
    decision = db.session.get(UnitDecision, decision_id)
    return {c.key: getattr(decision, c.key) for c in sa.inspect(UnitDecision).column_attrs}


def test_posts_that_try_to_change_a_verified_decision_change_nothing(client, world, case, unit):
    decision = verified_unit(case, world["assessor"], world["verifier"], unit)
    db.session.commit()
    before, decisions_before = snapshot(decision.id), count(UnitDecision)
    base = f"/assessments/decisions/{decision.id}"
    assessment_id = decision.assessment_id
    attempts = {
        world["verifier"]: [
            (f"{base}/verify", {}),
            (f"{base}/return", {"comment": "Ändra!"}),
        ],
        world["assessor"]: [
            (f"{base}/revise", {"outcome": "not_yet_achieved", "reason": "x"}),
            (f"{base}/correct", {"outcome": "not_yet_achieved", "reason": ""}),
            (f"/assessments/{assessment_id}/results", results_form(unit, "not_met")),
            (
                f"/assessments/{assessment_id}/units/{unit.id}/decision",
                {"outcome": "not_yet_achieved", "justification": "x"},
            ),
        ],
    }
    for user, posts in attempts.items():
        client.login(user)
        for url, data in posts:
            page = client.post(url, data=data, follow_redirects=True)
            html = page.get_data(as_text=True)
            assert page.status_code == 200 and ("field-error" in html or "flash-error" in html), url
            assert "flash-success" not in html, url
    assert snapshot(decision.id) == before
    assert count(UnitDecision) == decisions_before


def test_a_correction_goes_through_its_own_form(client, world, case, unit):
    decision = verified_unit(case, world["assessor"], world["verifier"], unit)
    client.login(world["assessor"])
    data = {"outcome": "not_yet_achieved", "justification": "Underlag saknas.", "reason": "Fel."}
    url = f"/assessments/decisions/{decision.id}/correct"
    assert client.post(url, data=data).status_code == 302
    assert db.session.get(UnitDecision, decision.id).status is DecisionStatus.VERIFIED


def test_the_verification_queue_shows_the_municipalitys_waiting_decisions(
    client, world, case, unit
):
    [decision] = decide_all(record(plan(case, world["assessor"], [unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    client.login(world["verifier"])
    page = client.get("/assessments/verification").get_data(as_text=True)
    assert f"/assessments/decisions/{decision.id}" in page
    assert client.post(f"/assessments/decisions/{decision.id}/verify").status_code == 302
    assert db.session.get(UnitDecision, decision.id).verifier == world["verifier"]


def test_the_sign_page_and_signature(client, world, case, unit):
    decide_all(record(plan(case, world["assessor"], [unit])))
    client.login(world["assessor"])
    page = client.get(f"/assessments/cases/{case.id}/recommendation").get_data(as_text=True)
    assert unit.title in page
    assert client.post(f"/assessments/cases/{case.id}/recommendation").status_code == 302
    decision = db.session.scalar(sa.select(UnitDecision))
    assert decision.status is DecisionStatus.AWAITING_VERIFICATION
    client.login(world["coach"])
    overview = client.get(f"/assessments/cases/{case.id}").get_data(as_text=True)
    assert "recommendations-heading" in overview and unit.code in overview
    assert client.get(f"/assessments/cases/{case.id}/recommendation").status_code == 403


def test_training_after_a_unit_not_yet_achieved(client, world, case, unit):
    decide_all(record(plan(case, world["assessor"], [unit]), unmet={unit.criteria[0].id}))
    client.login(world["coach"])
    overview = client.get(f"/assessments/cases/{case.id}").get_data(as_text=True)
    assert f"/assessments/cases/{case.id}/training" in overview
    data = {"kind": "komvux", "description": "Komvux-kurs i lokalvård", "move_case": "y"}
    assert client.post(f"/assessments/cases/{case.id}/training", data=data).status_code == 302
    activity = db.session.scalar(sa.select(PlanActivity))
    assert activity.description == "Komvux-kurs i lokalvård"
    assert activity.case.stage is Stage.TRAINING


def test_the_external_quality_assurer_samples_verified_decisions(client, world, case, unit):
    verified = verified_unit(case, world["assessor"], world["verifier"], unit)
    other_unit = verified.unit.framework.units[1]
    [waiting] = decide_all(record(plan(case, world["assessor"], [other_unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    client.login(world["external_verifier"])
    sample = client.get(f"/assessments/external/{world.home.id}").get_data(as_text=True)
    assert f"/assessments/decisions/{verified.id}" in sample
    assert case.participant.last_name not in sample
    page = client.get(f"/assessments/decisions/{verified.id}").get_data(as_text=True)
    assert case.participant.last_name not in page
    assert client.get(f"/assessments/decisions/{waiting.id}").status_code == 404
    assert client.get(f"/assessments/{verified.assessment_id}").status_code == 403
    url = f"/assessments/external/{world.home.id}/reports"
    data = {"decision_ids": f"{verified.id},{waiting.id}", "text": "Bedömningarna håller."}
    assert client.post(url, data=data).status_code == 302
    from app.assessments.models import ExternalReport

    report = db.session.scalar(sa.select(ExternalReport))
    assert report.decisions == [db.session.get(UnitDecision, verified.id)]
    assert client.post(url, data={**data, "decision_ids": "1;DROP"}).status_code == 400
    assert client.post(url, data={**data, "text": ""}).status_code == 200


def test_sampling_settings_are_for_administrators(client, world):
    client.login(world["coach"])
    assert client.get("/assessments/settings").status_code == 403
    client.login(world["admin"])
    url = f"/assessments/settings/{world.home.id}"
    for bad in ("150", "-1", "abc", ""):
        page = client.post(url, data={"sample_percent": bad})
        assert page.status_code == 200 and "field-error" in page.get_data(as_text=True)
    assert client.post(url, data={"sample_percent": "30"}).status_code == 302
    from app.assessments.services.verification import sample_percent

    assert sample_percent(world.home.id) == 30
    assert "30 %" in client.get("/assessments/settings").get_data(as_text=True)


def test_an_administrator_sets_only_their_own_municipalitys_sampling(client, world):
    client.login(world["admin"])
    other = f"/assessments/settings/{world.other.id}"
    assert client.get(other).status_code == 404
    assert client.post(other, data={"sample_percent": "5"}).status_code == 404
    assert world.other.name not in client.get("/assessments/settings").get_data(as_text=True)
    client.login(world["system"])
    assert client.get("/assessments/settings").status_code == 403


def test_a_decision_returned_then_refused_without_comment_via_service(world, case, unit):
    [decision] = decide_all(record(plan(case, world["assessor"], [unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    return_decision(decision, "Se över.", world["verifier"])
    assert decision.status is DecisionStatus.RETURNED


def test_every_page_renders_for_the_people_who_use_it(client, world, case, framework):
    first, second = framework.units
    assessor, verifier, coach = world["assessor"], world["verifier"], world["coach"]
    verified = verified_unit(case, assessor, verifier, first)
    planned = plan(case, assessor, [second], kind="theoretical")
    [returned] = decide_all(record(plan(case, assessor, [second]), unmet={second.criteria[0].id}))
    sign_recommendation(case, assessor, draw=lambda: 0.0)
    return_decision(returned, "Se över kriterium 1.1.", verifier)
    pages = {
        coach: [
            "/",
            "/assessments/",
            f"/assessments/cases/{case.id}",
            f"/assessments/cases/{case.id}/new",
            f"/assessments/{planned.id}",
            f"/assessments/decisions/{verified.id}",
            f"/assessments/cases/{case.id}/training",
        ],
        assessor: [
            "/",
            "/assessments/",
            f"/assessments/{planned.id}",
            f"/assessments/{planned.id}/results",
            f"/assessments/{planned.id}/attachments/new",
            f"/assessments/cases/{case.id}/recommendation",
            f"/assessments/decisions/{returned.id}",
            f"/assessments/decisions/{returned.id}/revise",
            f"/assessments/decisions/{verified.id}/correct",
        ],
        verifier: ["/", "/assessments/verification", f"/assessments/decisions/{verified.id}"],
        world["admin"]: [
            "/admin/",
            "/assessments/settings",
            f"/assessments/settings/{world.home.id}",
        ],
        world["external_verifier"]: [
            "/assessments/external",
            f"/assessments/external/{world.home.id}",
        ],
    }
    for user, urls in pages.items():
        client.login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user.email, url)
    client.login(assessor)
    decide = f"/assessments/{planned.id}/units/{second.id}/decision"
    assert client.get(decide).status_code == 200  # planned: the form explains what is missing


def test_the_coach_cancels_a_planned_assessment_but_not_one_with_results(
    client, world, case, framework
):
    first, second = framework.units
    planned = plan(case, world["assessor"], [first])
    recorded = record(plan(case, world["assessor"], [second]))
    client.login(world["coach"])
    client.post(f"/assessments/{planned.id}/cancel", data={"reason": ""})
    assert db.session.get(Assessment, planned.id).status is AssessmentStatus.PLANNED
    client.post(f"/assessments/{planned.id}/cancel", data={"reason": "Deltagaren är sjuk."})
    assert db.session.get(Assessment, planned.id).status is AssessmentStatus.CANCELLED
    client.post(f"/assessments/{recorded.id}/cancel", data={"reason": "Fel enhet."})
    assert db.session.get(Assessment, recorded.id).status is AssessmentStatus.RECORDED
    client.login(world["assessor"])
    assert (
        client.post(f"/assessments/{recorded.id}/cancel", data={"reason": "x"}).status_code == 403
    )


def test_the_case_timeline_shows_assessments_and_decisions(app, world, case, unit):
    from app.cases.facts import timeline_sources

    decision = verified_unit(case, world["assessor"], world["verifier"], unit)
    with app.test_request_context():
        entries = [e for source in timeline_sources() for e in source(case, world["coach"])]
    titles = " ".join(e.title for e in entries)
    assert str(decision.unit) in titles


def test_a_long_verification_queue_is_paged_oldest_first_with_its_count(client, world, case, unit):
    from datetime import timedelta

    [first] = decide_all(record(plan(case, world["assessor"], [unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    columns = [c.key for c in sa.inspect(UnitDecision).column_attrs if c.key != "id"]
    for i in range(1, 61):
        copy = UnitDecision(**{key: getattr(first, key) for key in columns})
        copy.submitted_at = first.submitted_at + timedelta(minutes=i)
        if i % 20 == 0:
            copy.assessor_id = world["verifier"].id  # the verifier's own, still listed
        db.session.add(copy)
    db.session.commit()
    ids = [first.id] + list(
        db.session.scalars(
            sa.select(UnitDecision.id).where(UnitDecision.id != first.id).order_by(UnitDecision.id)
        )
    )
    client.login(world["verifier"])
    shown = []
    for number in (1, 2):
        page = client.get(f"/assessments/verification?page={number}").get_data(as_text=True)
        assert "61 beslut väntar." in page and f"Sida {number} av 2" in page
        shown += [int(i) for i in re.findall(r'href="/assessments/decisions/(\d+)"', page)]
    assert shown == ids
    home = client.get("/").get_data(as_text=True)
    assert "Beslut som väntar på kvalitetssäkring: 61." in home and "3 av dem är dina egna" in home
