"""Words for the problems the domain reports by name, and for its refusals, in the user's
language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.frameworks.document import Problem
from app.frameworks.vocab import Level, Refusal

PROBLEMS = {
    "missing": _l("missing"),
    "not_text": _l("must be text"),
    "not_integer": _l("must be a whole number"),
    "not_list": _l("must be a list"),
    "not_object": _l("must be an object"),
    "empty": _l("must not be empty"),
    "empty_list": _l("must have at least one entry"),
    "unknown_field": _l("unknown field"),
    "control": _l("contains characters that are not allowed"),
    "framework_code": _l("lower-case letters, digits and hyphens, 2–40 characters"),
    "unit_code": _l("letters, digits, dots, hyphens and underscores, at most 20 characters"),
    "ssyk": _l("an SSYK 2012 code has four digits"),
    "concept": _l("a concept reference has no spaces and at most 255 characters"),
    "not_utf8": _l("the file is not UTF-8 text"),
}


def problem_text(problem: Problem) -> str:
    """One problem as `path: what is wrong`."""
    p = problem.params
    if problem.kind in PROBLEMS:
        message = str(PROBLEMS[problem.kind])
    elif problem.kind == "too_long":
        message = _("longer than %(limit)s characters", limit=p["limit"])
    elif problem.kind == "out_of_range":
        message = _("must be between %(low)s and %(high)s", low=p["low"], high=p["high"])
    elif problem.kind == "unknown_level":
        message = _("unknown level; allowed: %(allowed)s", allowed=p["allowed"])
    elif problem.kind == "duplicate":
        message = _("the unit code %(code)s is used twice", code=p["value"])
    elif problem.kind == "schema":
        message = _("unknown format; expected %(expected)s", expected=p["expected"])
    elif problem.kind == "exists":
        message = _(
            "version %(version)s of %(code)s already exists", version=p["version"], code=p["code"]
        )
    elif problem.kind == "too_large":
        message = _("the file is larger than %(limit)s kB", limit=p["limit"])
    elif problem.kind == "not_json":
        message = _(
            "the file is not valid JSON (line %(line)s, column %(column)s)",
            line=p["line"],
            column=p["column"],
        )
    else:
        message = _("the file cannot be read")
    return f"{problem.path}: {message}" if problem.path else message


LEVEL_LABELS = {
    Level.ENTRY_1: _l("Entry 1"),
    Level.ENTRY_2: _l("Entry 2"),
    Level.ENTRY_3: _l("Entry 3"),
    Level.LEVEL_1: _l("Level 1"),
    Level.LEVEL_2: _l("Level 2"),
    Level.LEVEL_3: _l("Level 3"),
    Level.LEVEL_4: _l("Level 4"),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "retired": _l("Retired"),
}

INCOMPLETE = _l("The framework cannot be published yet:")


def incomplete(problems=()) -> list[str]:
    """Why a draft cannot be published: the heading, then one line per problem."""
    return [str(INCOMPLETE), *[problem_text(p) for p in problems]]


REFUSALS = {
    Refusal.NOT_DRAFT: _l(
        "Only a draft can be changed. Make a new version to change a published one."
    ),
    Refusal.NOT_PUBLISHED: _l(
        "Only a published version can be retired or copied into a new version."
    ),
    Refusal.DRAFT_EXISTS: _l("A draft version of this framework already exists; edit that one."),
    Refusal.CODE_TAKEN: _l("A framework with this code and version already exists."),
    Refusal.UNIT_CODE_TAKEN: _l("Another unit of this framework already has this code."),
    Refusal.INCOMPLETE: incomplete,
}
