"""The demo participant's own answers and evidence: Mikael Öberg (deltagare@example.org) has
answered for the first units of his mapping and sent a course certificate that waits for his
coach, so that My pages and the coach's mapping show both."""

from __future__ import annotations

import io

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from app import uploads
from app.auth.models import User
from app.cases.models import Case
from app.demo.portal import EMAIL
from app.extensions import db
from app.mapping import services
from app.mapping.models import Mapping, OwnAssessment
from app.mapping.vocab import CanDo

ANSWERS = (
    (CanDo.YES, "På ett hotell i Sundsvall, i fyra år"),
    (CanDo.YES, "På ett hotell i Sundsvall"),
    (CanDo.PARTLY, "Hemma och på en kurs"),
    (CanDo.NOT_YET, None),
)
SENT_TITLE = "Intyg från kursen i städteknik"


def _certificate() -> bytes:
    """A one-page course certificate (PDF), as a participant would scan it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.setTitle("Kursintyg")
    sheet.drawString(72, 770, "Kursintyg: Städteknik, 40 timmar")
    sheet.drawString(72, 750, "Mikael Öberg har gått kursen och klarat provet.")
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def load() -> int:
    """Answer for the demo participant's first outcomes and send one file; creates no accounts."""
    account = db.session.scalar(sa.select(User).where(User.email == EMAIL))
    if account is None:
        return 0
    mapping = db.session.scalar(
        sa.select(Mapping)
        .join(Case, Case.id == Mapping.case_id)
        .where(Case.participant_id == account.participant_id)
        .order_by(Mapping.id)
    )
    if mapping is None:
        return 0
    answered = sa.select(OwnAssessment.id).where(OwnAssessment.mapping_id == mapping.id)
    if db.session.scalar(answered.limit(1)) is not None:
        return 0
    outcomes = [o for unit in mapping.framework.units for o in unit.outcomes]
    for outcome, (answer, where) in zip(outcomes, ANSWERS, strict=False):
        services.answer_outcome(mapping, outcome.id, account, answer=answer, learned_where=where)
    upload = FileStorage(io.BytesIO(_certificate()), filename="kursintyg.pdf")
    services.submit_evidence(
        mapping,
        account,
        stored=uploads.store(upload),
        title=SENT_TITLE,
        text="Jag gick kursen förra året. Vi lärde oss städa kontor och toaletter.",
        outcome_ids=[o.id for o in outcomes[:2]],
    )
    return 0
