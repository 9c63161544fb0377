"""Checking each row of a file with the same forms, validators and words as the pages.

A referral row is checked by the referral form (`app.cases.forms.ReferralForm`), a staff row by
the administration's account form (`app.admin.forms.UserForm`) with what the administrator may
give; a value of a choice (source, roles, language) may be written as its code or as its name
in Swedish or English. The words are the forms' own, in the person's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from app.imports import labels
from app.imports.columns import normalised
from app.imports.reading import Sheet
from app.imports.vocab import ImportKind, Problem

RowProblems = list[tuple[str | None, str]]  # (column key or None, what is wrong)


@dataclass
class Checked:
    """A row as typed (`raw`), what is wrong with it, and what an import stores (`clean`)."""

    number: int
    raw: dict[str, str]
    problems: RowProblems = field(default_factory=list)
    clean: dict[str, Any] | None = None
    words: dict[str, RowProblems] | None = None


def _choices(words: dict, *languages: str) -> dict[str, str]:
    """Every accepted way of writing a choice (its code, its name in each language) → code."""
    accepted = {}
    for code, word in words.items():
        accepted[normalised(str(getattr(code, "value", code)))] = str(getattr(code, "value", code))
        for language in languages:
            with force_locale(language):
                accepted[normalised(str(word))] = str(getattr(code, "value", code))
    return accepted


def _unknown(value: str, words: dict) -> str:
    names = ", ".join(f"{getattr(code, 'value', code)} ({word})" for code, word in words.items())
    return str(labels.PROBLEMS[Problem.UNKNOWN_CHOICE]) % {"value": value, "choices": names}


def _form_problems(form, keys) -> RowProblems:
    return [(name, str(error)) for name in keys if name in form for error in form[name].errors]


# --- referrals ---------------------------------------------------------------------------


class ReferralChecker:
    """Checks referral rows; one per file (the choices are worked out once)."""

    kind = ImportKind.REFERRALS

    def __init__(self, actor):
        from app.cases.labels import SOURCES

        self.sources_words = SOURCES
        self.sources = _choices(SOURCES, "sv", "en")
        self.form = None

    def __call__(self, number: int, raw: dict[str, str]) -> Checked:
        row = Checked(number, raw)
        typed_source = raw.get("source", "")
        source = self.sources.get(normalised(typed_source), "")
        form = self._form(MultiDict({**raw, "source": source}))
        row.problems = _form_problems(form, raw)
        if typed_source and not source:
            row.problems = [p for p in row.problems if p[0] != "source"]
            row.problems.append(("source", _unknown(typed_source, self.sources_words)))
        if not row.problems:
            row.clean = _referral(form)
        return row

    def _form(self, data: MultiDict):
        """The referral form, made once and filled in again for each row (binding its fields
        anew for every row would cost more than checking them), then validated."""
        from app.cases.forms import ReferralForm

        if self.form is None:
            self.form = ReferralForm(formdata=None, meta={"csrf": False})
        self.form.process(formdata=data)
        self.form.validate()
        return self.form


def _text(value) -> str | None:
    return (value or "").strip() or None if isinstance(value, str | type(None)) else value


def _referral(form) -> dict[str, Any]:
    number = form.personal_number.parsed
    clean = {
        name: _text(form[name].data)
        for name in (
            "first_name",
            "last_name",
            "phone",
            "email",
            "referring_officer",
            "referrer_contact",
            "reason",
            "goal",
        )
    }
    return {
        **clean,
        "personal_number": number.digits,
        "is_coordination_number": number.is_coordination,
        "source": str(form.source.data.value),
        "referred_on": form.referred_on.data.isoformat(),
    }


# --- staff accounts ----------------------------------------------------------------------

LANGUAGE_NAMES = (("sv", ("sv", "svenska", "swedish")), ("en", ("en", "engelska", "english")))
ROLE_SEPARATORS = re.compile(r"[,/|+]|\boch\b|\band\b")


class StaffChecker:
    """Checks staff rows for the administrator `actor`: their municipality, the roles they may
    give, and no email or personal number already in use."""

    kind = ImportKind.STAFF

    def __init__(self, actor):
        from app.admin.access import grantable_roles
        from app.admin.services import placeable_organisations
        from app.labels import ROLE_LABELS

        self.actor = actor
        self.organisations = placeable_organisations(actor)
        self.grantable = grantable_roles(actor)
        self.role_words = {r: w for r, w in ROLE_LABELS.items() if r in self.grantable}
        self.roles = _choices(self.role_words, "sv", "en")
        self.languages = {
            normalised(w): code
            for code, words in (
                ("sv", ("sv", "svenska", "swedish")),
                ("en", ("en", "engelska", "english")),
            )
            for w in words
        }

    def form(self, raw: dict[str, str]):
        """The account form filled in from a row (roles and language as codes)."""
        from app.admin.forms import UserForm
        from app.admin.services import form_refusals

        roles = [self.roles.get(normalised(t), t.strip()) for t in self._role_names(raw)]
        locale = self.languages.get(normalised(raw.get("locale", "")) or "sv", raw.get("locale"))
        data = MultiDict(
            [
                ("name", raw.get("name", "")),
                ("email", raw.get("email", "")),
                ("organisation", f"m:{self.actor.municipality_id}"),
                ("locale", locale),
                ("personal_number", raw.get("personal_number", "")),
                *[("roles", role) for role in roles],
            ]
        )
        form = UserForm(formdata=data, meta={"csrf": False})
        return form.for_editor(
            self.organisations,
            self.grantable,
            refusals=lambda f: form_refusals(self.actor, None, f),
        )

    @staticmethod
    def _role_names(raw: dict[str, str]) -> list[str]:
        return [t for t in ROLE_SEPARATORS.split(raw.get("roles", "")) if t.strip()]

    def __call__(self, number: int, raw: dict[str, str]) -> Checked:
        row = Checked(number, raw)
        form = self.form(raw)
        form.validate()
        row.problems = _form_problems(form, raw)
        unknown = [t for t in self._role_names(raw) if normalised(t) not in self.roles]
        if unknown:
            row.problems = [p for p in row.problems if p[0] != "roles"]
            row.problems += [("roles", _unknown(t.strip(), self.role_words)) for t in unknown]
        if not row.problems:
            row.clean = {"email": form.email.data.strip().lower()}
        return row


CHECKERS: dict[ImportKind, Callable] = {
    ImportKind.REFERRALS: ReferralChecker,
    ImportKind.STAFF: StaffChecker,
}


def check_sheet(kind: ImportKind, sheet: Sheet, actor) -> list[Checked]:
    """Every row checked; a row with problems gets them in Swedish and English (`words`), so
    that the preview shows them in the language of whoever reads it."""
    checker = CHECKERS[kind](actor)
    rows = [checker(number, raw) for number, raw in sheet.rows]
    extra = _extras(kind, rows, sheet)
    for row in rows:
        if row.problems or extra.get(row.number):
            row.clean = None
            row.words = _words(checker, row, extra.get(row.number, []))
    return rows


Extra = list[tuple[str | None, Problem, dict]]


def _extras(kind: ImportKind, rows: list[Checked], sheet: Sheet) -> dict[int, Extra]:
    """What the forms cannot see: values beyond the header, and a number (or, for staff, an
    email) that an earlier row has."""
    extra: dict[int, Extra] = {n: [(None, Problem.EXTRA_VALUES, {})] for n in sheet.overfull}
    keys = [("personal_number", Problem.SAME_NUMBER)]
    if kind is ImportKind.STAFF:
        keys = [("email", Problem.SAME_EMAIL)]
    for key, problem in keys:
        first: dict[str, int] = {}
        for row in rows:
            value = (row.clean or {}).get(key)
            if not value:
                continue
            if value in first:
                extra.setdefault(row.number, []).append((key, problem, {"row": first[value]}))
            else:
                first[value] = row.number
    return extra


def _words(checker, row: Checked, extra: Extra) -> dict[str, RowProblems]:
    """The row's problems in each language."""
    words = {}
    for language in ("sv", "en"):
        with force_locale(language):
            again = checker(row.number, row.raw).problems if row.problems else []
            more = [(key, str(labels.PROBLEMS[p]) % params) for key, p, params in extra]
            words[language] = [list(problem) for problem in (*again, *more)]
    return words
