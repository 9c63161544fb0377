"""The seam through which an area declares the notifications it causes.

In the area's `hooks.register(app)`:

    notification_kind(
        app, Kind.CASE_ASSIGNED, Role.COACH,
        load=lambda case_id: db.session.get(Case, case_id),
        action="case.view",                       # the person told must be allowed this on it
        audience=lambda case, event: [case.coach] if case.coach else [],
        link=lambda case: url_for("cases.case", case_id=case.id),
        reference=lambda case: case.number,
    )

and in the service that does the thing: `notify(Kind.CASE_ASSIGNED, case, actor=user)`.
`audience` names the people who should hear of it; the job that fans the event out keeps those
who are active, are not the actor, and whom the access rules let perform `action` on the object
(`app.permissions.can`), so nobody is told of what they may not see. `roles` are those who
choose how the kind reaches them on their settings page; `default` is how it does until they
choose. `invitation(obj, event)` gives the calendar invitation a mail at once carries (its
iCalendar text and METHOD, REQUEST or CANCEL), or None.
`load_many(ids)` loads many objects (and what `audience` reads of them) in a few statements, so a
reminder run fans out thousands of events without a SELECT for each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from app.areas import registry
from app.notifications.vocab import Delivery, Kind
from app.vocab import Role


@dataclass(frozen=True)
class KindRule:
    kind: Kind
    roles: frozenset[Role]
    load: Callable[[int], Any]
    action: str
    audience: Callable[[Any, Any], Iterable[Any]]
    link: Callable[[Any], str]
    reference: Callable[[Any], str]
    default: Delivery = Delivery.IMMEDIATE
    invitation: Callable[[Any, Any], tuple[str, str] | None] | None = None
    load_many: Callable[[list[int]], Iterable[Any]] | None = None


def _kinds(app: Flask) -> dict[Kind, KindRule]:
    return registry(app, "notification_kinds", dict)


def notification_kind(
    app: Flask,
    kind: Kind,
    *roles: Role,
    load: Callable[[int], Any],
    action: str,
    audience: Callable[[Any, Any], Iterable[Any]],
    link: Callable[[Any], str],
    reference: Callable[[Any], str],
    default: Delivery = Delivery.IMMEDIATE,
    invitation: Callable[[Any, Any], tuple[str, str] | None] | None = None,
    load_many: Callable[[list[int]], Iterable[Any]] | None = None,
) -> None:
    """Declare how `kind` is fanned out (once per application)."""
    declared = _kinds(app)
    if kind in declared:
        raise ValueError(f"notification kind {kind!r} declared twice")
    declared[kind] = KindRule(
        kind,
        frozenset(roles),
        load,
        action,
        audience,
        link,
        reference,
        default,
        invitation,
        load_many,
    )


def kind_rule(kind: Kind) -> KindRule:
    """How `kind` is fanned out in the current application (KeyError: nobody declared it)."""
    return _kinds(current_app)[kind]


def kinds_for(user) -> list[KindRule]:
    """The kinds a person chooses for on their settings page: those of their roles, in the
    order of `Kind`."""
    declared = _kinds(current_app)
    return [
        declared[kind] for kind in Kind if kind in declared and declared[kind].roles & user.roles
    ]
