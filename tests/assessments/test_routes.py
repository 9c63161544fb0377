"""The assessments area over HTTP: access, planning, recording, deciding."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.assessments.models import Assessment, CriterionResult, UnitDecision
from app.assessments.vocab import AssessmentStatus
from app.cases.models import JournalEntry, Referral
from app.cases.vocab import JournalKind, ReferralSource
from app.cases.workflow import Stage
from app.extensions import db
from app.mapping.vocab import Judgement
from app.vocab import Role
from tests.assessments.factories import plan, record
from tests.assessments.helpers import count, plan_form, results_form
from tests.cases.factories import make_case, make_participant
from tests.clock import days
from tests.frameworks.factories import make_framework
from tests.mapping.factories import make_mapping


def test_every_route_sends_anonymous_users_to_log_in(app, client):
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("assessments."):
            continue
        url = rule.build({name: 1 for name in rule.arguments})[1]
        response = client.get(url) if "GET" in rule.methods else client.post(url)
        assert response.status_code == 302, url
        assert "/login" in response.location


def test_the_coach_plans_an_assessment(client, world, case, unit):
    client.login(world["coach"])
    response = client.post(
        f"/assessments/cases/{case.id}/new",
        data=plan_form(unit, world["assessor"], adaptations=["extra_time", "interpreter"]),
    )
    assert response.status_code == 302
    assessment = db.session.scalar(sa.select(Assessment))
    assert assessment.assessor == world["assessor"]
    assert {a.kind.value for a in assessment.adaptations} == {"extra_time", "interpreter"}


def test_the_plan_groups_the_units_by_framework_and_level_with_their_mapping(
    client, world, case, framework
):
    """Each framework a group of its own, its units under their levels, and beside each unit
    how far the participant's mapping of it has come."""
    first, second = framework.units
    ready = {o.id: Judgement.READY for o in first.outcomes}
    make_mapping(
        case, framework, judgements={**ready, second.outcomes[0].id: Judgement.SOME_EVIDENCE}
    )
    other = make_framework(units=1, name="Lager och logistik")
    make_mapping(case, other)
    client.login(world["coach"])
    page = client.get(f"/assessments/cases/{case.id}/new").get_data(as_text=True)
    groups = page.split('<details class="unit-group" open>')[1:]
    assert len(groups) == 2
    assert framework.name in groups[0] and "Lager och logistik" in groups[1]
    assert first.level != second.level and groups[0].count('<h2 class="unit-level">') == 2
    for unit, status in ((first, "Redo för bedömning"), (second, "Delvis redo")):
        assert f'aria-describedby="mapped-{unit.id}"' in groups[0]
        assert f'id="mapped-{unit.id}">{status}</span>' in groups[0]
    assert f'id="mapped-{other.units[0].id}">Underlag saknas</span>' in groups[1]
    assert f'value="{other.units[0].id}"' in groups[1]


def test_a_coach_cannot_be_assessor_of_their_own_participant_over_http(client, world, case, unit):
    coach = world["coach"]
    coach.set_roles({Role.COACH, Role.ASSESSOR})
    db.session.flush()
    client.login(coach)
    page = client.post(f"/assessments/cases/{case.id}/new", data=plan_form(unit, coach))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "får inte vara deltagarens handledare" in html
    assert 'aria-invalid="true"' in html
    assert count(Assessment) == 0


@pytest.mark.parametrize(
    "hostile",
    [
        {"units": ["abc"]},
        {"units": ["999999999"]},
        {"kind": "x' OR 1=1"},
        {"kind": "theoretical"},  # without a form of test
        {"scheduled_on": "2020-13-45"},
        {"scheduled_on": "2001-01-01"},
        {"assessor": "'; DROP TABLE users; --"},
        {"assessor": "999999999"},
        {"place": "\x00"},
        {"place": "x" * 201},
        {"adaptations": ["telepathy"]},
    ],
)
def test_bad_plans_are_refused_at_the_field(client, world, case, unit, hostile):
    client.login(world["coach"])
    page = client.post(
        f"/assessments/cases/{case.id}/new", data=plan_form(unit, world["assessor"], **hostile)
    )
    assert page.status_code == 200
    assert "field-error" in page.get_data(as_text=True)
    assert count(Assessment) == 0


def test_only_the_case_coach_plans_and_other_municipalities_get_404(client, world, case):
    client.login(world["coach2"])
    assert client.get(f"/assessments/cases/{case.id}/new").status_code == 403
    client.login(world["other_coach"])
    assert client.get(f"/assessments/cases/{case.id}").status_code == 404
    client.login(world["employer"])
    assert client.get(f"/assessments/cases/{case.id}").status_code == 403


def test_assessors_see_only_their_assigned_assessments(client, world, case, unit, make_user):
    assessment = plan(case, world["assessor"], [unit])
    stranger = make_user(Role.ASSESSOR, municipality=world.home)
    client.login(stranger)
    for url in (f"/assessments/{assessment.id}", f"/assessments/{assessment.id}/results"):
        assert client.get(url).status_code == 404
    client.login(world["assessor"])
    assert client.get(f"/assessments/{assessment.id}").status_code == 200


def test_an_assessor_sees_neither_the_journal_nor_the_referral(client, world, case, unit):
    referral = Referral(
        municipality=world.home,
        participant=case.participant,
        source=ReferralSource.SOCIAL_SERVICES,
        referred_on=days(-60),
        reason="Remissorsak: långvarigt försörjningsstöd.",
    )
    db.session.add(referral)
    case.referral = referral
    case.background = "Bakgrund från socialtjänsten."
    db.session.add(
        JournalEntry(
            case=case,
            kind=JournalKind.NOTE,
            occurred_on=days(-30),
            text="Journalanteckning om hälsa.",
            author=world["coach"],
        )
    )
    assessment = plan(case, world["assessor"], [unit])
    client.login(world["assessor"])
    html = "".join(
        client.get(url).get_data(as_text=True)
        for url in (f"/assessments/{assessment.id}", f"/assessments/{assessment.id}/results", "/")
    )
    for secret in ("Remissorsak", "Bakgrund från socialtjänsten", "Journalanteckning"):
        assert secret not in html
    assert "/journal" not in html and "/referrals/" not in html
    assert client.get(f"/cases/{case.id}/journal").status_code in (403, 404)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/cases/referrals/{referral.id}").status_code in (403, 404)


def test_the_assessor_sees_the_adaptations_that_concern_assessment(client, world, case, unit):
    from app.cases.models import Adaptation

    db.session.add_all(
        [
            Adaptation(case=case, need="Behöver tolk på somaliska.", concerns_assessment=True),
            Adaptation(case=case, need="Ryggbesvär vid lyft.", concerns_workplace=True),
        ]
    )
    assessment = plan(case, world["assessor"], [unit])
    client.login(world["assessor"])
    html = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "Behöver tolk på somaliska." in html
    assert "Ryggbesvär" not in html


def test_results_are_refused_before_the_day_of_the_assessment(client, world, case, unit):
    """Eight days ahead on the test clock: the page says so, and the results are refused with
    the reason; on its day they are saved."""
    assessment = plan(case, world["assessor"], [unit], scheduled_on=days(8))
    client.login(world["assessor"])
    url = f"/assessments/{assessment.id}/results"
    when = "2 dec. 2026"  # the date filter's Swedish
    said = "en dag som inte har kommit än: resultaten kan registreras från den dagen"
    page = client.get(url).get_data(as_text=True)
    assert 'id="not-held-yet"' in page and said in page and when in page
    response = client.post(url, data=results_form(unit))
    assert response.status_code == 200 and said in response.get_data(as_text=True)
    assert count(CriterionResult) == 0 and assessment.status is AssessmentStatus.PLANNED
    assessment.scheduled_on = days(0)
    db.session.commit()
    assert 'id="not-held-yet"' not in client.get(url).get_data(as_text=True)
    assert client.post(url, data=results_form(unit)).status_code == 302
    assert count(CriterionResult) == len(unit.criteria)


def test_the_assessor_records_results(client, world, case, unit):
    assessment = plan(case, world["assessor"], [unit], scheduled_on=days(0))
    client.login(world["assessor"])
    url = f"/assessments/{assessment.id}/results"
    missing = results_form(unit)
    missing.pop(f"criterion-{unit.criteria[0].id}")
    page = client.post(url, data=missing)
    assert page.status_code == 200 and "för varje kriterium" in page.get_data(as_text=True)
    assert count(CriterionResult) == 0
    hostile = results_form(unit, **{f"criterion-{unit.criteria[1].id}": "<script>"})
    assert client.post(url, data=hostile).status_code == 200
    assert count(CriterionResult) == 0
    assert client.post(url, data=results_form(unit)).status_code == 302
    assert db.session.get(Assessment, assessment.id).status is AssessmentStatus.RECORDED
    assert count(CriterionResult) == len(unit.criteria)


def test_once_results_are_recorded_the_decision_is_the_first_and_main_button(
    client, world, case, unit
):
    assessment = plan(case, world["assessor"], [unit], scheduled_on=days(0))
    client.login(world["assessor"])
    url = f"/assessments/{assessment.id}"
    results = f'href="{url}/results"'
    decide = f'<a class="button" href="{url}/units/{unit.id}/decision">Besluta om {unit.code}</a>'
    page = client.get(url).get_data(as_text=True)
    assert f'<a class="button" {results}>Registrera resultat</a>' in page and decide not in page
    record(assessment)
    page = client.get(url).get_data(as_text=True)
    change = f'<a class="button secondary" {results}>Ändra resultaten</a>'
    assert page.count("Besluta om") == 1 and "Registrera resultat" not in page
    assert page.index(decide) < page.index(change) < page.index("Underlag från kartläggningen")


def test_a_unit_with_an_unmet_criterion_cannot_be_decided_achieved(client, world, case, unit):
    assessment = record(plan(case, world["assessor"], [unit]), unmet={unit.criteria[0].id})
    client.login(world["assessor"])
    url = f"/assessments/{assessment.id}/units/{unit.id}/decision"
    page = client.post(url, data={"outcome": "achieved", "justification": "Jag såg det."})
    assert page.status_code == 200
    assert "kan inte vara uppnådd" in page.get_data(as_text=True)
    assert count(UnitDecision) == 0
    assert client.post(url, data={"outcome": "not_yet_achieved"}).status_code == 302
    assert count(UnitDecision) == 1


def _plan_many(world, unit, how_many):
    """`how_many` cases of the coach, each with one assessment, one day apart."""
    planned = []
    for n in range(how_many):
        person = make_participant(world.home, first_name=f"Person{n:02d}", last_name="Listad")
        case = make_case(world["coach"], person, stage=Stage.ASSESSMENT)
        planned.append(plan(case, world["assessor"], [unit], scheduled_on=days(7 + n)))
    db.session.commit()
    return planned


def test_the_assessment_lists_are_paged_each_on_its_own_with_their_counts(client, world, unit):
    from app.assessments.routes.planning import PER_PAGE

    planned = _plan_many(world, unit, PER_PAGE + 3)
    client.login(world["assessor"])
    assigned = client.get("/assessments/").get_data(as_text=True)
    assert f"{len(planned)} bedömningar." in assigned
    assert "mine=2#mine-heading" in assigned and "planned=" not in assigned
    assert "Person00" in assigned and f"Person{len(planned) - 1}" not in assigned
    last = client.get("/assessments/?mine=2").get_data(as_text=True)
    assert f"Person{len(planned) - 1}" in last and "Person00" not in last

    client.login(world["coach"])
    first = client.get("/assessments/").get_data(as_text=True)
    assert f"{len(planned)} bedömningar." in first
    assert f"{len(planned)} öppna ärenden." in first
    assert "Person00" in first and f"Person{len(planned) - 1}" not in first
    assert "planned=2#planned-heading" in first and "cases=2#cases-heading" in first
    assert 'aria-label="Sidor med mina ärenden"' in first

    second = client.get("/assessments/?planned=2").get_data(as_text=True)
    section = second.split('id="planned-heading"')[1].split('id="cases-heading"')[0]
    assert f'/assessments/{planned[-1].id}"' in section  # the last ones, by date
    assert f'/assessments/{planned[0].id}"' not in section
    # the list of cases stays on its first page; its links keep the other list's page
    cases_now, cases_before = (p.split('id="cases-heading"')[1] for p in (second, first))
    assert cases_now.split("<nav")[0] == cases_before.split("<nav")[0]
    assert "planned=2&amp;cases=2#cases-heading" in cases_now


@pytest.mark.parametrize("asked", ["0", "-1", "abc", "99999999999999", "2.5", "٣"])
def test_a_nonsense_page_of_an_assessment_list_is_a_page_not_an_error(client, world, unit, asked):
    _plan_many(world, unit, 2)
    client.login(world["coach"])
    response = client.get(f"/assessments/?planned={asked}&cases={asked}")
    assert response.status_code == 200
    if asked == "99999999999999":  # past the last page: an empty page
        assert "Listad" not in response.get_data(as_text=True)
    else:  # the first page
        assert "Person00 Listad" in response.get_data(as_text=True)


def test_the_assessment_list_logs_whose_names_it_showed(client, world, unit):
    from app.audit import AuditEvent

    planned = _plan_many(world, unit, 2)
    client.login(world["coach"])
    client.get("/assessments/")
    lines = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "assessment.list_viewed")
    ).all()
    assert {line.user_id for line in lines} == {world["coach"].id}
    # one line per participant shown, each naming them
    assert sorted(line.participant_id for line in lines) == sorted(
        {a.case.participant_id for a in planned}
    )


def test_the_assessor_home_panel_shows_the_first_of_each_list_with_how_many(client, world, unit):
    from app.assessments.hooks import HOME_PANEL_ROWS

    planned = _plan_many(world, unit, HOME_PANEL_ROWS + 5)
    for assessment in planned[:3]:
        record(assessment)
    db.session.commit()
    client.login(world["assessor"])
    home = client.get("/").get_data(as_text=True)
    assert "Väntar på mina resultat (3)" in home
    assert f"Planerade, efter datum ({len(planned) - 3})" in home
    assert f"Alla {len(planned) - 3} bland mina bedömningar" in home  # more than the panel shows
    assert home.count("Listad") == 3 + HOME_PANEL_ROWS


def test_the_assessor_list_shows_open_assessments_first_and_decisions_to_act_on(
    client, world, unit
):
    from tests.assessments.factories import decide_all

    planned = _plan_many(world, unit, 3)
    done = planned[0]
    record(done)
    decide_all(done)
    db.session.commit()
    client.login(world["assessor"])
    page = client.get("/assessments/").get_data(as_text=True)
    mine = page.split('id="mine-heading"')[1].split('id="decisions-heading"')[0]
    order = [mine.index(f'/assessments/{a.id}"') for a in (*planned[1:], done)]
    assert order == sorted(order)  # planned and waiting by date, then the decided one
    decisions = page.split('id="decisions-heading"')[1]
    assert f'/assessments/cases/{done.case_id}/recommendation"' in decisions
    assert "Bekräftat, ännu inte signerat" in decisions
