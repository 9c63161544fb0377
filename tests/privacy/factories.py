"""A participant with a record in every table about participants, and their files."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from app import uploads
from app.assessments.models import AssessmentAdaptation, AssessmentAttachment, ExternalReport
from app.assessments.vocab import AdaptationKind
from app.cases.models import (
    Adaptation,
    Assignment,
    FollowUp,
    JournalEntry,
    PlanActivity,
    PlanGoal,
    ProbableDuplicate,
    Referral,
    Summons,
    Transfer,
)
from app.cases.vocab import (
    ActivityKind,
    ConsentKind,
    JournalKind,
    LabourMarketStatus,
    Outcome,
    ReferralSource,
    ReferralStatus,
    SummonsDelivery,
    SummonsPurpose,
    TransferStatus,
)
from app.cases.workflow import Stage
from app.certificates import services as certificates
from app.db import utcnow
from app.employers.models import CandidateProfile, Introduction, Placement, PlacementFollowUp
from app.employers.vocab import FollowUpPoint, IntroductionStatus, PlacementForm
from app.extensions import db
from app.mapping.models import Evidence, OwnAssessment
from app.mapping.vocab import CanDo, EvidenceKind, Judgement
from app.privacy.coverage import personal_tables, rows_of
from app.reports.models import FundingParticipation, FundingProject
from app.staff.models import StaffReferral
from tests.assessments.factories import verified_unit
from tests.cases.factories import give_consent, make_case
from tests.employers.factories import make_need
from tests.mapping.factories import make_mapping

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def stored(data: bytes, name: str) -> uploads.StoredFile:
    """A file kept as an upload would be."""
    return uploads.store(FileStorage(stream=io.BytesIO(data), filename=name))


def fill_case(case, world, framework, name: str) -> dict:
    """Give the case a row in every table about participants; returns the files' keys."""
    coach, participant = world["coach"], case.participant
    give_consent(participant, ConsentKind.REGISTRATION, coach).note = f"Samtycke från {name}"
    referral = Referral(
        municipality=case.municipality,
        participant=participant,
        source=ReferralSource.SOCIAL_SERVICES,
        referring_officer="Handläggare Nils Persson",
        referrer_contact="nils.persson@socialtjanst.example",
        referred_on=date(2026, 1, 10),
        reason=f"{name} har haft försörjningsstöd länge.",
        goal="Arbete inom städ.",
        status=ReferralStatus.ACCEPTED,
        decision_reason="Passar.",
        typed_first_name=f"{name}",
        typed_last_name=f"{name}sson",
        typed_birth_date=date(1985, 4, 12),
    )
    case.referral = referral
    followed = give_consent(participant, ConsentKind.MANAGER, world["manager"])
    db.session.add(
        StaffReferral(
            referral=referral, consent=followed, manager=world["manager"], employee_name=name
        )
    )
    # A probable duplicate flagged at registration (self-paired here: its row has no text).
    db.session.add(
        ProbableDuplicate(
            municipality=case.municipality,
            participant=participant,
            candidate=participant,
            referral=referral,
        )
    )
    case.goal, case.background = f"Mål för {name}", f"Bakgrund: {name} har städat i sex år."
    db.session.add_all(
        [
            Summons(
                case=case,
                purpose=SummonsPurpose.MEETING,
                delivery=SummonsDelivery.PRINTED,
                starts_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
                place="Arbetsmarknadsenheten, Storgatan 1",
                bring=f"{name}s legitimation",
                contact_name=coach.name,
                contact_phone="0611-34 80 00",
                contact_email=coach.email,
                note=f"Välkommen, {name}",
                language="sv",
                sent_by_id=coach.id,
            ),
            Assignment(case=case, to_coach=coach, actor=coach, reason=f"Tar över {name}"),
            Transfer(
                case=case,
                from_municipality=case.municipality,
                to_municipality=world.other,
                status=TransferStatus.REJECTED,
                message=f"{name} flyttar kanske.",
                decision_reason="Flyttar inte.",
            ),
            JournalEntry(
                case=case,
                kind=JournalKind.MEETING,
                occurred_on=date(2026, 2, 1),
                author=coach,
                text=f"Möte med {name} om bakgrunden.",
            ),
            PlanGoal(case=case, description=f"{name} ska validera städ"),
            PlanActivity(case=case, kind=ActivityKind.SFI, description=f"SFI för {name}"),
            FollowUp(case=case, due_on=date(2026, 3, 1), purpose=f"Avstämning med {name}"),
            Adaptation(case=case, need=f"{name} läser långsamt", agreed="Muntligt"),
        ]
    )
    units = framework.units
    mapping = make_mapping(case, framework, judgements={units[0].outcomes[0].id: Judgement.READY})
    mapping.entries[0].notes = f"{name} kan detta väl."
    mapping.own_assessments.append(
        OwnAssessment(
            outcome_id=units[0].outcomes[0].id,
            answer=CanDo.YES,
            learned_where=f"{name} lärde sig det på hotellet",
        )
    )
    evidence_file = stored(PDF + name.encode(), "arbetsgivarintyg.pdf")
    mapping.evidence.append(
        Evidence(
            kind=EvidenceKind.FILE,
            title=f"Intyg för {name}",
            file_key=evidence_file.key,
            file_name=evidence_file.name,
            content_type=evidence_file.content_type,
            size=evidence_file.size,
            outcomes=[units[0].outcomes[0]],
        )
    )
    decision = verified_unit(case, world["assessor"], world["verifier"], units[0])
    assessment = decision.assessment
    assessment.instructions = f"Ta med {name}s skyddsskor."
    assessment.adaptations.append(AssessmentAdaptation(kind=AdaptationKind.EXTRA_TIME))
    attachment_file = stored(PDF + name.encode(), "observation.pdf")
    db.session.add(
        AssessmentAttachment(
            assessment=assessment,
            title=f"Observation av {name}",
            file_key=attachment_file.key,
            file_name=attachment_file.name,
            content_type=attachment_file.content_type,
            size=attachment_file.size,
            uploaded_by=world["assessor"],
        )
    )
    db.session.add(
        ExternalReport(
            municipality=case.municipality,
            author=world["external_verifier"],
            text="Urvalet håller god kvalitet.",
            decisions=[decision],
        )
    )
    db.session.flush()
    _exam_item(assessment)
    certificate = certificates.issue_certificate(case, coach)
    need = make_need(world.employer, required=[units[0]])
    introduction = Introduction(
        need=need,
        employer=world.employer,
        participant=participant,
        status=IntroductionStatus.ACCEPTED,
        message=f"Vi vill träffa {name}",
        shared_contact=f"{name}, 070-123 45 67",
    )
    placement = Placement(
        participant=participant,
        case=case,
        employer=world.employer,
        need=need,
        introduction=introduction,
        form=PlacementForm.WORK_TRIAL,
        starts_on=date(2026, 4, 1),
        hours_per_week=20,
        supervisor_name="Handledare Eva Ek",
        agreed_adaptations=f"{name} börjar sent",
        follow_ups=[
            PlacementFollowUp(
                point=FollowUpPoint.WEEKS_4, due_on=date(2026, 4, 29), notes=f"{name} trivs."
            )
        ],
    )
    project = FundingProject(
        name="Vägen till arbete",
        code=f"ESF-{case.id}",
        is_esf=True,
        municipality_id=case.municipality_id,
        starts_on=date(2025, 1, 1),
    )
    funded = FundingParticipation(project=project, case=case, starts_on=date(2026, 1, 15))
    db.session.add_all([introduction, placement, project, funded])
    profile = db.session.scalar(
        sa.select(CandidateProfile).where(CandidateProfile.participant_id == participant.id)
    ) or CandidateProfile(participant_id=participant.id)
    profile.desired_occupations = f"städ ({name})"
    db.session.add(profile)
    db.session.flush()
    return {
        "files": [evidence_file.key, attachment_file.key],
        "certificate": certificate,
    }


def _exam_item(assessment) -> None:
    """An item of a theoretical test, where the schema has them."""
    tables = db.metadata.tables
    if "exam_items" not in tables:
        return
    row = assessment.units[0]
    item_id = db.session.execute(
        sa.insert(tables["exam_items"])
        .values(assessment_unit_id=row.id, label="1a", max_points=4)
        .returning(tables["exam_items"].c.id)
    ).scalar_one()
    criterion = row.unit.outcomes[0].criteria[0]
    db.session.execute(
        sa.insert(tables["exam_item_criteria"]).values(item_id=item_id, criterion_id=criterion.id)
    )


def close(case) -> None:
    """Close the case with an outcome, as the workflow would."""
    case.stage, case.closed_at = Stage.CLOSED, utcnow()
    case.outcome, case.status_at_exit = Outcome.EMPLOYED, LabourMarketStatus.EMPLOYED
    db.session.flush()


def age(participant_id: int, days: int) -> None:
    """Move every timestamp about the participant `days` back, as if written long ago."""
    tables = {t.name: t for t in personal_tables(db.metadata)}
    for name, rows in rows_of(db.session, db.metadata, participant_id).items():
        table = tables[name]
        moments = [
            c
            for c in table.columns
            if isinstance(c.type, sa.DateTime)
            or (hasattr(c.type, "impl") and isinstance(c.type.impl, sa.DateTime))
        ]
        for row in rows:
            values = {
                c.name: row[c.name] - timedelta(days=days)
                for c in moments
                if row[c.name] is not None
            }
            if values:
                where = [pk == row[pk.name] for pk in table.primary_key.columns]
                db.session.execute(sa.update(table).where(*where).values(**values))
    db.session.expire_all()


def old_closed_case(world, framework, name_first="Zelda", name_last="Quist-Ångström"):
    """A case with every kind of record, closed and last written eight years ago."""
    from tests.cases.factories import make_participant

    participant = make_participant(world.home, first_name=name_first, last_name=name_last)
    case = make_case(world["coach"], participant, stage=Stage.VERIFICATION)
    made = fill_case(case, world, framework, f"{name_first} {name_last}")
    close(case)
    age(participant.id, 8 * 366)
    return participant, case, made
