"""The words of a summons (kallelse), in plain language, and the letter as a PDF or a mail.

Plain language (lättläst): one thing a sentence, short sentences, large type. The letter never
shows the personal number; under protected identity it shows no address at all. The mail says
only what the participant needs to come: the agreed adaptations are named in the printed
letter, and the mail says that they are ready.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

import sqlalchemy as sa
from flask_babel import force_locale, format_date, format_time
from flask_babel import gettext as _
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from app import pdf_fonts as fonts
from app.cases.models import Adaptation
from app.cases.vocab import SummonsPurpose
from app.extensions import db
from app.mail import render_mail

BODY = 14  # points: large type for a letter that has to be easy to read


@dataclass(frozen=True)
class Section:
    """A heading of the letter and its short sentences."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Letter:
    """A summons in words, in one language."""

    language: str
    municipality: str
    subject: str
    greeting: str
    sections: tuple[Section, ...]
    address: tuple[str, ...]  # empty under protected identity, and always in a mail


def compose(summons, *, with_address: bool = False, for_mail: bool = False) -> Letter:
    """The letter of `summons` in its language."""
    case = summons.case
    participant = case.participant
    with force_locale(summons.language):
        return Letter(
            language=summons.language,
            municipality=case.municipality.name,
            subject=_subject(summons),
            greeting=_("Hello %(name)s!", name=participant.first_name),
            sections=tuple(_sections(summons, for_mail=for_mail)),
            address=_address(participant) if with_address else (),
        )


def _kind(summons) -> str | None:
    """The kind of the planned assessment the summons names: "practical", "theoretical"."""
    return str(summons.assessment.kind) if summons.assessment is not None else None


def _subject(summons) -> str:
    kind = _kind(summons)
    if kind == "practical":
        return _("You are called to a practical assessment")
    if kind == "theoretical":
        return _("You are called to a theoretical test")
    if summons.purpose is SummonsPurpose.ASSESSMENT:
        return _("You are called to an assessment")
    return _("You are called to a meeting")


def _what(summons) -> str:
    kind = _kind(summons)
    if kind == "practical":
        return _("We want to see you for a practical assessment. You show what you can do.")
    if kind == "theoretical":
        return _("We want to see you for a theoretical test. You answer questions.")
    if summons.purpose is SummonsPurpose.ASSESSMENT:
        return _("We want to see you for an assessment of what you know.")
    return _("We want to meet you.")


def _sections(summons, *, for_mail: bool):
    what = _what(summons)
    yield Section(
        _("When"),
        (
            what,
            _("Day: %(day)s.", day=format_date(summons.starts_at, "full")),
            _("Time: %(time)s.", time=format_time(summons.starts_at, "short")),
        ),
    )
    yield Section(_("Where"), (summons.place,))
    if summons.bring:
        yield Section(_("Bring this"), tuple(_lines(summons.bring)))
    agreed = [a.agreed for a in _adaptations(summons.case) if a.agreed]
    if agreed:
        yield Section(
            _("Adaptations for you"),
            (_("We have prepared what we agreed with you."),)
            if for_mail
            else (_("We have prepared what we agreed with you:"), *agreed),
        )
    if summons.note:
        yield Section(_("Good to know"), tuple(_lines(summons.note)))
    contact = [summons.contact_name]
    if summons.contact_phone:
        contact.append(_("Phone: %(phone)s", phone=summons.contact_phone))
    if summons.contact_email:
        contact.append(_("Email: %(email)s", email=summons.contact_email))
    yield Section(
        _("Questions?"),
        (
            _("Call or write to us if you cannot come."),
            _("Call or write to us if you have questions."),
            *contact,
        ),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _adaptations(case):
    query = sa.select(Adaptation).where(Adaptation.case_id == case.id).order_by(Adaptation.id)
    return list(db.session.scalars(query))


def _address(participant) -> tuple[str, ...]:
    if participant.is_protected or not participant.address:
        return ()
    city = " ".join(part for part in (participant.postal_code, participant.city) if part)
    return tuple(line for line in (participant.full_name, participant.address, city) if line)


def mail_parts(letter: Letter, to: str, municipality) -> tuple[str, str]:
    """The text and the HTML of the mail to `to`, sent for the case's municipality (its
    footer), in the letter's language."""
    with force_locale(letter.language):
        return render_mail(
            "cases/summons_mail",
            to,
            municipality=municipality,
            letter=letter,
            subject=letter.subject,
        )


def pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF in large type, with the fonts the certificates embed."""
    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.SANS, fontSize=BODY, leading=BODY * 1.5)
    heading = ParagraphStyle(
        "heading", parent=body, fontName=fonts.SANS_BOLD, fontSize=BODY + 2, spaceBefore=10
    )
    title = ParagraphStyle(
        "title", parent=body, fontName=fonts.SANS_BOLD, fontSize=BODY + 8, leading=BODY * 2
    )
    sender = ParagraphStyle("sender", parent=body, alignment=TA_LEFT, fontName=fonts.SANS_BOLD)
    story = [Paragraph(escape(letter.municipality), sender), Spacer(1, 6 * mm)]
    story += [Paragraph(escape(line), body) for line in letter.address]
    if letter.address:
        story.append(Spacer(1, 10 * mm))
    story += [Paragraph(escape(letter.subject), title), Paragraph(escape(letter.greeting), body)]
    for section in letter.sections:
        story.append(Paragraph(escape(section.heading), heading))
        story += [Paragraph(escape(line), body) for line in section.lines]
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=letter.subject,
        author=letter.municipality,
        invariant=1,
    )
    document.build(story)
    return out.getvalue()
