"""Which participants an answer shows, and which of them its request wrote to the audit log.

A participant counts as shown when the answer carries
- their first and last name, as whole words, in either order ("Anna Berg", "Berg, Anna"), in
  the page's text or in an attribute (a link's `aria-label`, a `title`), whatever the case; or
- their full personal or coordination number, with or without the dash and the century
  ("198504121234", "19850412-1234", "850412-1234").
A masked number ("19850412-****") is the date of birth and nothing more: many people share it,
and every viewer may see it, so by itself it identifies no one and does not count. A name that
several demo participants share counts as shown for each of them, and a line naming any one of
them is enough (the page cannot say which of them it meant). Anonymised participants have no
name left to show.

Only text answers are read (HTML, CSV, JSON, plain text): PDF, spreadsheets and ZIP files carry
their text compressed, and their routes are checked by their areas' own tests.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import sqlalchemy as sa

from app.audit import AuditEvent
from app.extensions import db

TEXT_TYPES = ("text/html", "text/csv", "text/plain", "application/json")
_WORD = re.compile(r"\w+(?:[-']\w+)*")
_TAG = re.compile(r"<[^>]*>")
_NUMBER = re.compile(r"(?<![\d*])(?:\d{2})?(\d{6})[-+]?(\d{4})(?![\d*])")
LONGEST_NAME = 6  # words; a longer name is not looked for


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


@dataclass
class People:
    """The demo participants, by each way an answer can name them."""

    by_name: dict[str, set[int]]
    by_number: dict[str, set[int]]  # the last ten digits: YYMMDDNNNN

    @classmethod
    def of_database(cls) -> People:
        from app.cases.models import Participant

        by_name: dict[str, set[int]] = {}
        by_number: dict[str, set[int]] = {}
        rows = db.session.execute(
            sa.select(
                Participant.id,
                Participant.first_name,
                Participant.last_name,
                Participant.personal_number,
            )
        )
        for pid, first, last, number in rows:
            if first and last:  # anonymisation empties both
                for order in ((first, last), (last, first)):
                    by_name.setdefault(" ".join(_words(" ".join(order))), set()).add(pid)
            if number:
                by_number.setdefault(number[-10:], set()).add(pid)
        return cls(by_name, by_number)

    def in_text(self, text: str) -> dict[str, set[int]]:
        """What of the text names someone (a name, or a number as shown), with whom it names."""
        text = html.unescape(text)
        found: dict[str, set[int]] = {}
        for words in (_words(_TAG.sub(" ", text)), _words(text)):
            grams = {
                " ".join(words[i : i + n])
                for n in range(2, LONGEST_NAME + 1)
                for i in range(len(words) - n + 1)
            }
            found.update({name: ids for name, ids in self.by_name.items() if name in grams})
        for match in _NUMBER.finditer(text):
            ids = self.by_number.get(match.group(1) + match.group(2))
            if ids:
                found[match.group(0)] = ids
        return found


def last_audit_id() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.id), 0)))


def audited_since(last_id: int) -> set[int]:
    """The participants named by the audit lines written after line `last_id`."""
    query = sa.select(AuditEvent.participant_id).where(
        AuditEvent.id > last_id, AuditEvent.participant_id.is_not(None)
    )
    return set(db.session.scalars(query))


def unaudited(response, people: People, last_id: int) -> dict[str, set[int]]:
    """What the answer shows of someone whom no audit line after `last_id` names."""
    if response.status_code != 200 or response.mimetype not in TEXT_TYPES:
        return {}
    shown = people.in_text(response.get_data(as_text=True))
    if not shown:
        return {}
    logged = audited_since(last_id)
    return {mark: ids for mark, ids in shown.items() if not ids & logged}
