"""Who may use each route: the one table the access matrix checks the application against.

Every endpoint of `app.url_map` has an entry; a route missing here fails the access matrix.
For each method the route allows, an entry says what each role gets, as anonymous (`ANON`),
and as each role's demo account (see `demo.ROLE_ACCOUNTS`). `ALL` is every role not named.

An expected value is an HTTP status, `LOGIN` (a redirect to the login page), or a pair
`(own, other)` when the answer depends on the object: the first for an object of the user's
own municipality or employer, the second for one of another (Timrå or its employer).
POSTs are sent with a valid CSRF token and no other fields, so a form route answers 200
(the form again, with its errors) and an action answers with its redirect.

A route whose URL takes values (`<int:case_id>`) names how to find them in the demo data with
`args=lambda demo, scope: {...}` (see `demo.Demo`); `scope` is "own" or "other".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.gates.demo import ANON, Demo

ALL = "*"
LOGIN = "login"  # 302 to the login page

Expect = dict[str, Any]
ArgsBuilder = Callable[[Demo, str], dict[str, Any]]


def expect(default: Any, anonymous: Any = LOGIN, **roles: Any) -> Expect:
    """What each role gets: `default` unless named; anonymous users are sent to log in."""
    return {ANON: anonymous, ALL: default, **roles}


@dataclass(frozen=True)
class Route:
    """The expected answers for one endpoint, per method."""

    GET: Expect | None = None  # noqa: N815 - named after the HTTP method
    POST: Expect | None = None  # noqa: N815
    args: ArgsBuilder | None = None
    # An endpoint served by several URL rules may answer differently on one of them.
    by_rule: dict[str, Route] | None = None

    def for_rule(self, rule: str) -> Route:
        return (self.by_rule or {}).get(rule, self)

    def methods(self) -> set[str]:
        return {m for m in ("GET", "POST") if getattr(self, m) is not None}


PUBLIC = expect(200, anonymous=200)
LOGGED_IN = expect(200)
ADMIN_ONLY = expect(403, admin=200)
ADMIN_ACTION = expect(403, admin=302)


def _user(demo: Demo, scope: str) -> dict[str, Any]:
    return {"user_id": demo.user("coach", scope).id}


def _municipality(demo: Demo, scope: str) -> dict[str, Any]:
    return {"municipality_id": demo.municipality(scope).id}


def _employer(demo: Demo, scope: str) -> dict[str, Any]:
    return {"employer_id": demo.employer(scope).id}


def _framework(demo: Demo, scope: str) -> dict[str, Any]:
    return {"framework_id": demo.framework(scope).id}


def _unit(demo: Demo, scope: str) -> dict[str, Any]:
    return {"unit_id": demo.unit(scope).id}


def _outcome(demo: Demo, scope: str) -> dict[str, Any]:
    return {"outcome_id": demo.outcome(scope).id}


def _criterion(demo: Demo, scope: str) -> dict[str, Any]:
    return {"criterion_id": demo.criterion(scope).id}


def _item(demo: Demo, scope: str) -> dict[str, Any]:
    return {"kind": "units", "item_id": demo.unit(scope).id}


# Frameworks belong to no municipality: for them "own" is a published version and "other" a
# draft, which only administrators see. A published version cannot be edited: its editor
# pages send the administrator back to the framework (302).
FRAMEWORK_READERS = expect(200, regional=403)
FRAMEWORK_PAGE = expect((200, 404), admin=200, regional=403)
DRAFT_EDITOR = expect(403, admin=(302, 200))
# a POST without the form's fields keeps a draft's stored values, so it is saved (302)
DRAFT_SAVE = expect(403, admin=302)
FRAMEWORK_ACTION = expect(403, admin=302)

TABLE: dict[str, Route] = {
    # main: home and static pages
    "main.home": Route(GET=LOGGED_IN),
    "main.accessibility": Route(GET=PUBLIC),
    "main.privacy": Route(GET=PUBLIC),
    # auth: a logged-in user asking for the login page is sent home
    "auth.login": Route(GET=expect(302, anonymous=200), POST=expect(302, anonymous=200)),
    "auth.logout": Route(POST=expect(LOGIN)),
    "auth.terms": Route(GET=LOGGED_IN, POST=LOGGED_IN),
    "auth.language": Route(POST=expect(302, anonymous=302)),
    "auth.change_password": Route(GET=LOGGED_IN, POST=LOGGED_IN),
    # admin: administrators only, whatever the organisation of the object
    "admin.index": Route(GET=ADMIN_ONLY),
    "admin.users": Route(GET=ADMIN_ONLY),
    "admin.user_new": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    "admin.user_edit": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY, args=_user),
    "admin.user_active": Route(POST=ADMIN_ACTION, args=_user),
    "admin.user_reset_password": Route(POST=ADMIN_ACTION, args=_user),
    "admin.municipalities": Route(GET=ADMIN_ONLY),
    "admin.municipality_edit": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY, args=_municipality),
    "admin.employers": Route(GET=ADMIN_ONLY),
    # a POST without the form's fields keeps the stored values, so it is accepted (302)
    "admin.employer_edit": Route(
        GET=ADMIN_ONLY,
        POST=ADMIN_ACTION,
        args=_employer,
        by_rule={"/admin/employers/new": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY)},
    ),
    "admin.audit": Route(GET=ADMIN_ONLY),
    # frameworks: read by staff and employers, managed by administrators
    "frameworks.index": Route(GET=FRAMEWORK_READERS),
    "frameworks.show": Route(GET=FRAMEWORK_PAGE, args=_framework),
    "frameworks.export": Route(GET=FRAMEWORK_PAGE, args=_framework),
    "frameworks.new": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    "frameworks.edit": Route(GET=DRAFT_EDITOR, POST=DRAFT_SAVE, args=_framework),
    "frameworks.publish": Route(POST=FRAMEWORK_ACTION, args=_framework),
    "frameworks.retire": Route(POST=FRAMEWORK_ACTION, args=_framework),
    "frameworks.new_version": Route(POST=FRAMEWORK_ACTION, args=_framework),
    "frameworks.delete": Route(POST=FRAMEWORK_ACTION, args=_framework),
    "frameworks.import_file": Route(GET=ADMIN_ONLY, POST=ADMIN_ONLY),
    "frameworks.unit_new": Route(GET=DRAFT_EDITOR, POST=DRAFT_EDITOR, args=_framework),
    "frameworks.unit_edit": Route(GET=DRAFT_EDITOR, POST=DRAFT_SAVE, args=_unit),
    "frameworks.outcome_new": Route(GET=DRAFT_EDITOR, POST=DRAFT_EDITOR, args=_unit),
    "frameworks.outcome_edit": Route(GET=DRAFT_EDITOR, POST=DRAFT_SAVE, args=_outcome),
    "frameworks.criterion_new": Route(GET=DRAFT_EDITOR, POST=DRAFT_EDITOR, args=_outcome),
    "frameworks.criterion_edit": Route(GET=DRAFT_EDITOR, POST=DRAFT_SAVE, args=_criterion),
    "frameworks.move": Route(POST=FRAMEWORK_ACTION, args=_item),
    "frameworks.remove": Route(POST=FRAMEWORK_ACTION, args=_item),
}

# Answers that are wrong today, each reported to the owners of the route, keyed by
# (endpoint, URL rule, method, role). The matrix expects them to stay wrong, and fails once one
# is fixed so that its line is removed here; every other answer must match the table.
KNOWN_DEFECTS: dict[tuple[str, str, str, str], str] = {
    (
        "admin.municipality_edit",
        "/admin/municipalities/<int:municipality_id>",
        "POST",
        "admin",
    ): "500: a POST without the region field gives the form the Region object itself, "
    "and save_municipality() calls .strip() on it (AttributeError)",
}
