"""A case over HTTP: the journey to closed, refusals, concurrent edits, who may see what."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.models import Case, FollowUp, JournalEntry, PlanActivity, Referral, Transition
from app.cases.vocab import ActivityKind, ConsentKind, LabourMarketStatus, Outcome
from app.cases.workflow import Stage
from app.extensions import db
from tests.cases.factories import give_consent, make_case, make_participant

VERSION_RE = re.compile(r'name="version" (?:type="hidden" )?value="(\d+)"')


def version_on(page: str) -> str:
    return VERSION_RE.search(page).group(1)


def move(client, case, to: str, reason: str = ""):
    return client.post(
        f"/cases/{case.id}/move", data={"to": to, "version": case.version, "reason": reason}
    )


def test_a_referral_is_accepted_and_walked_through_every_stage_to_closed(
    coach_client, world, case_facts
):
    participant = make_participant(world.home)
    referral = Referral(
        participant=participant,
        municipality=world.home,
        source="social_services",
        referred_on=date(2026, 11, 2),
        reason="Försörjningsstöd, vill arbeta inom lager.",
    )
    db.session.add(referral)
    db.session.flush()
    coach_client.post(f"/cases/referrals/{referral.id}/accept")
    case = db.session.scalar(sa.select(Case))

    move(coach_client, case, "intake")
    coach_client.post(
        f"/cases/participants/{participant.id}/consents",
        data={"kind": "registration", "given": "1", "effective_on": "2026-11-10"},
    )
    move(coach_client, case, "mapping")
    case_facts.update(framework_chosen=True, units_ready=2)
    for stage in ("assessment", "training", "assessment", "verification"):
        assert move(coach_client, case, stage).status_code == 302
    case_facts.update(verified_units=2)
    move(coach_client, case, "certified")
    case_facts.update(certificates=1)
    give_consent(participant, ConsentKind.EMPLOYERS, world["coach"])
    move(coach_client, case, "matching")
    case_facts.update(placements=1)
    move(coach_client, case, "placed", reason="Provanställning hos Städ & Service.")
    coach_client.post(
        f"/cases/{case.id}/close",
        data={"version": case.version, "outcome": "employed", "status_at_exit": "employed"},
    )

    assert case.stage is Stage.CLOSED
    assert case.outcome is Outcome.EMPLOYED and case.status_at_exit is LabourMarketStatus.EMPLOYED
    steps = [(t.from_stage, t.to_stage) for t in case.transitions]
    assert [to for _, to in steps] == [
        Stage.REFERRED,
        Stage.INTAKE,
        Stage.MAPPING,
        Stage.ASSESSMENT,
        Stage.TRAINING,
        Stage.ASSESSMENT,
        Stage.VERIFICATION,
        Stage.CERTIFIED,
        Stage.MATCHING,
        Stage.PLACED,
        Stage.CLOSED,
    ]
    assert all(t.actor == world["coach"] and t.at for t in case.transitions)
    assert case.transitions[-2].reason == "Provanställning hos Städ & Service."
    page = coach_client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Placerad → Avslutat ärende" in page


def test_a_refused_move_says_why_and_changes_nothing(coach_client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    response = move(coach_client, case, "mapping")
    assert response.status_code == 302
    page = coach_client.get(response.location).get_data(as_text=True)
    assert "samtycke till registrering" in page
    assert case.stage is Stage.INTAKE and len(case.transitions) == 1


def test_a_blocked_move_links_to_where_its_reason_is_put_right(coach_client, world):
    """ "Not possible yet: ... consent to registration" links to the participant's consents."""
    case = make_case(world["coach"], stage=Stage.INTAKE)
    page = coach_client.get(f"/cases/{case.id}").get_data(as_text=True)
    blocked = page[page.index("Inte möjligt än") :]
    link = f'<a href="/cases/participants/{case.participant_id}#consents">Registrera samtycket</a>'
    assert "samtycke till registrering" in blocked and link in blocked
    # Someone who may not record the consent gets the reason without the link.
    coach_client.login(world["coach2"])
    page = coach_client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "#consents" not in page


def test_after_the_certificate_the_case_page_offers_to_leave_quality_assurance(
    coach_client, world, case_facts
):
    case = make_case(world["coach"], stage=Stage.VERIFICATION)
    case_facts.update(verified_units=1)
    page = coach_client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "suggested-move" not in page  # certified or back to assessment: the coach chooses
    case_facts.update(certificates=1)
    page = coach_client.get(f"/cases/{case.id}").get_data(as_text=True)
    offer = page[page.index('class="notice suggested-move"') :]
    offer = offer[: offer.index("</div>")]
    assert "Ett intyg har utfärdats" in offer
    assert '<input type="hidden" name="to" value="certified">' in offer
    assert 'id="to-certified" value="certified" checked' in page  # and first in the list
    version = re.search(r'name="version" value="(\d+)"', offer).group(1)
    coach_client.post(f"/cases/{case.id}/move", data={"to": "certified", "version": version})
    assert case.stage is Stage.CERTIFIED


def test_assessment_is_refused_while_no_area_provides_the_facts(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    page = coach_client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "valideringsmodell" in page and "redo för bedömning" in page
    move(coach_client, case, "assessment")
    assert case.stage is Stage.MAPPING


def test_a_skipped_stage_is_refused(coach_client, world):
    case = make_case(world["coach"], stage=Stage.REFERRED)
    move(coach_client, case, "placed")
    assert case.stage is Stage.REFERRED
    assert move(coach_client, case, "<script>").status_code == 200
    assert case.stage is Stage.REFERRED


def test_pause_and_resume(coach_client, world):
    case = make_case(world["coach"], stage=Stage.TRAINING)
    bad = coach_client.post(
        f"/cases/{case.id}/pause",
        data={"version": case.version, "reason": "", "planned_return": "2026-02-30"},
    )
    assert bad.status_code == 200 and case.stage is Stage.TRAINING
    coach_client.post(
        f"/cases/{case.id}/pause",
        data={
            "version": case.version,
            "reason": "Föräldraledig",
            "planned_return": (date.today() + timedelta(days=90)).isoformat(),
        },
    )
    assert case.stage is Stage.PAUSED and case.paused_from is Stage.TRAINING
    move(coach_client, case, "assessment")
    assert case.stage is Stage.PAUSED
    move(coach_client, case, "training")
    assert case.stage is Stage.TRAINING and case.pause_reason is None


def test_closing_needs_outcome_and_exit_status(coach_client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    page = coach_client.post(
        f"/cases/{case.id}/close", data={"version": case.version, "outcome": ""}
    ).get_data(as_text=True)
    assert "Välj hur ärendet avslutades." in page
    assert case.stage is Stage.INTAKE


def test_the_second_of_two_concurrent_saves_is_refused_and_the_first_kept(client, world, app):
    case = make_case(world["coach"], stage=Stage.INTAKE, goal="Ursprungligt mål")
    first, second = client, app.test_client()
    first.login(world["coach"])
    second.login(world["admin"])
    seen_by_first = version_on(first.get(f"/cases/{case.id}/details").get_data(as_text=True))
    seen_by_second = version_on(second.get(f"/cases/{case.id}/details").get_data(as_text=True))
    first.post(
        f"/cases/{case.id}/details",
        data={"version": seen_by_first, "goal": "Coachens mål", "background": ""},
    )
    response = second.post(
        f"/cases/{case.id}/details",
        data={"version": seen_by_second, "goal": "Adminens mål", "background": ""},
    )
    assert case.goal == "Coachens mål"
    page = second.get(response.location).get_data(as_text=True)
    assert "någon annan sparade" in page.lower()


def test_a_stale_move_is_refused(coach_client, world):
    case = make_case(world["coach"], stage=Stage.REFERRED)
    stale = case.version
    move(coach_client, case, "intake")
    coach_client.post(f"/cases/{case.id}/move", data={"to": "closed", "version": stale})
    assert case.stage is Stage.INTAKE


CASE_URLS = ["", "/journal", "/plan", "/adaptations", "/details", "/pause", "/close", "/transfer"]


@pytest.mark.parametrize("who", ["other_coach", "assessor", "employer", "verifier", "regional"])
def test_outsiders_get_404_on_every_case_url(client, world, who):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    client.login(world[who])
    for suffix in CASE_URLS:
        # only coaches ever read a journal: other roles are refused before the case is loaded
        refused = 403 if suffix == "/journal" and who != "other_coach" else 404
        assert client.get(f"/cases/{case.id}{suffix}").status_code == refused, suffix
    assert client.get(f"/cases/participants/{case.participant_id}").status_code == 404
    assert move(client, case, "assessment").status_code == 404
    assert client.get("/cases/999999").status_code == 404


def test_another_coach_of_the_municipality_may_look_but_not_edit(client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    client.login(world["coach2"])
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/cases/{case.id}/journal").status_code == 200
    line = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "case.viewed", AuditEvent.user_id == world["coach2"].id
        )
    )
    assert line.participant_id == case.participant_id
    assert move(client, case, "mapping").status_code == 403
    assert client.post(f"/cases/{case.id}/journal", data={}).status_code == 403


def test_admins_edit_but_never_read_the_journal(client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    client.login(world["admin"])
    assert client.get(f"/cases/{case.id}/details").status_code == 200
    # refused before the case is loaded, so an id that does not exist answers the same
    for case_id in (case.id, 2_000_000_000):
        assert client.get(f"/cases/{case_id}/journal").status_code == 403
        assert client.post(f"/cases/{case_id}/journal", data={}).status_code == 403


def test_reassignment_is_recorded(coach_client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    coach_client.post(
        f"/cases/{case.id}/reassign",
        data={"version": case.version, "coach": world["coach2"].id, "reason": "Semester"},
    )
    assert case.coach == world["coach2"]
    assert case.assignments[-1].reason == "Semester"
    assert case.assignments[-1].actor == world["coach"]
    outsider = coach_client.post(
        f"/cases/{case.id}/reassign",
        data={"version": case.version, "coach": world["other_coach"].id},
    )
    assert outsider.status_code == 403  # no longer the assigned coach


def test_journal_plan_and_follow_ups(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    coach_client.post(
        f"/cases/{case.id}/journal",
        data={"kind": "meeting", "occurred_on": "2026-11-20", "text": "Första mötet <b>bra</b>."},
    )
    assert db.session.scalar(sa.select(JournalEntry)).text == "Första mötet <b>bra</b>."
    page = coach_client.get(f"/cases/{case.id}/journal").get_data(as_text=True)
    assert "Första mötet &lt;b&gt;bra&lt;/b&gt;." in page
    coach_client.post(
        f"/cases/{case.id}/plan/goals",
        data={"description": "Truckkort", "target_date": "2027-03-01"},
    )
    coach_client.post(
        f"/cases/{case.id}/plan/activities",
        data={
            "kind": "sfi",
            "description": "SFI kurs C",
            "starts_on": "2027-01-10",
            "ends_on": "2026-12-01",
        },
    )
    today = date.today()
    coach_client.post(
        f"/cases/{case.id}/plan/follow-ups",
        data={"due_on": today.isoformat(), "purpose": "Avstämning av praktik"},
    )
    home = coach_client.get("/").get_data(as_text=True)
    assert "Avstämning av praktik" in home
    follow_up = db.session.scalar(sa.select(FollowUp))
    coach_client.post(f"/cases/{case.id}/plan/follow-ups/{follow_up.id}/done")
    assert follow_up.done_at is not None
    assert "Avstämning av praktik" not in coach_client.get("/").get_data(as_text=True)
    plan = coach_client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Truckkort" in plan and "SFI kurs C" not in plan  # ends before it starts


def test_job_shadowing_is_a_kind_of_plan_activity(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    form = coach_client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert '<option value="job_shadowing">Hospitering</option>' in form
    coach_client.post(
        f"/cases/{case.id}/plan/activities",
        data={"kind": "job_shadowing", "description": "Två dagar på lagret hos Städ & Service"},
    )
    activity = db.session.scalar(sa.select(PlanActivity))
    assert activity.kind == ActivityKind.JOB_SHADOWING
    plan = coach_client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Hospitering" in plan and "Två dagar på lagret" in plan


def test_a_goal_s_status_agrees_with_the_neuter_goal(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    coach_client.post(f"/cases/{case.id}/plan/goals", data={"description": "Truckkort"})
    coach_client.post(
        f"/cases/{case.id}/plan/activities", data={"kind": "sfi", "description": "SFI kurs C"}
    )
    plan = coach_client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    goals, activities = plan.split('id="goals-heading"')[1].split("SFI kurs C", 1)
    assert ">Planerat</option>" in goals and ">Planerad</option>" not in goals
    assert ">Planerad</option>" in activities


def test_adaptations_and_consents(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    coach_client.post(
        f"/cases/{case.id}/adaptations",
        data={"need": "Läser långsamt", "agreed": "Förlängd provtid", "concerns_assessment": "y"},
    )
    page = coach_client.get(f"/cases/{case.id}/adaptations").get_data(as_text=True)
    assert "Förlängd provtid" in page
    participant = case.participant
    coach_client.post(
        f"/cases/participants/{participant.id}/consents",
        data={"kind": "employers", "given": "1", "effective_on": "2026-11-01"},
    )
    assert participant.has_consent(ConsentKind.EMPLOYERS)
    coach_client.post(
        f"/cases/participants/{participant.id}/consents",
        data={"kind": "employers", "given": "0", "effective_on": "2026-11-05"},
    )
    assert not participant.has_consent(ConsentKind.EMPLOYERS)
    refused = coach_client.post(
        f"/cases/participants/{participant.id}/consents",
        data={"kind": "employers", "given": "1", "effective_on": "2999-01-01"},
    )
    assert refused.status_code == 200 and not participant.has_consent(ConsentKind.EMPLOYERS)


def test_transitions_are_kept_in_order(coach_client, world):
    case = make_case(world["coach"], stage=Stage.REFERRED)
    move(coach_client, case, "intake", reason="Första mötet bokat")
    line = db.session.scalars(sa.select(Transition).order_by(Transition.id.desc())).first()
    assert (line.from_stage, line.to_stage, line.reason) == (
        Stage.REFERRED,
        Stage.INTAKE,
        "Första mötet bokat",
    )
