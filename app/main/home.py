"""The home page, the main menu and the administration overview, made of what areas add.

Each area adds its own in its `init_app` (menu links, administration cards) or its
`hooks.register(app)` (home panels); they are kept by that application (`app/areas.py`).

A panel is a template under `templates/` and a function that returns its context for the
current user. Home shows, in order, every panel whose roles the user holds. A panel that names
participants lists their ids under `shown`: the home page logs the read (app/audit.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, url_for

from app.areas import registry
from app.vocab import Role


@dataclass(frozen=True)
class Panel:
    """One block of the home page."""

    roles: frozenset[Role]
    template: str
    context: Callable[[Any], dict[str, Any]]
    order: int


def home_panel(
    app: Flask,
    template: str,
    context: Callable[[Any], dict[str, Any]],
    *roles: Role,
    order: int = 50,
) -> None:
    """Show `template` on the home page of users holding any of `roles`, with `context(user)`."""
    panels = registry(app, "home_panels", list)
    panels.append(Panel(frozenset(roles), template, context, order))
    panels.sort(key=lambda panel: panel.order)


def panels_for(user) -> list[tuple[str, dict[str, Any]]]:
    """The (template, context) of every panel the user should see."""
    panels = registry(current_app, "home_panels", list)
    return [(p.template, p.context(user)) for p in panels if user.roles & p.roles]


@dataclass(frozen=True)
class NavItem:
    """One link of the main menu, and the pages of other endpoints it stands for (`claims`)."""

    endpoint: str
    label: Any  # a lazy string, translated when shown
    roles: frozenset[Role]
    order: int
    claims: tuple[str, ...] = ()

    def rank(self, endpoint: str | None) -> int | None:
        """How closely the page of `endpoint` belongs to this link: 0 its own page, 1 a page it
        claims, 2 another page of its area (for an area's `.index`); None not at all."""
        if endpoint is None:
            return None
        if endpoint == self.endpoint:
            return 0
        if endpoint in self.claims:
            return 1
        area = self.endpoint.split(".")[0]
        if self.endpoint.endswith(".index") and endpoint.startswith(area + "."):
            return 2
        return None


def nav_item(
    app: Flask,
    endpoint: str,
    label: Any,
    *roles: Role,
    order: int = 50,
    claims: tuple[str, ...] = (),
) -> None:
    """Add a main-menu link shown to users holding any of `roles`; the pages of `claims`
    mark it as the current one (a case's pages belong to "Cases" whichever area shows them)."""
    items = registry(app, "nav", list)
    items.append(NavItem(endpoint, label, frozenset(roles), order, tuple(claims)))
    items.sort(key=lambda item: item.order)


def nav_for(user, current_endpoint: str | None) -> list[dict[str, Any]]:
    """The menu links the user may follow, marking the one link the page belongs to: its own
    link, else the link that claims it, else its area's index (the first of equals)."""
    shown = [item for item in registry(current_app, "nav", list) if user.roles & item.roles]
    ranks = [item.rank(current_endpoint) for item in shown]
    best = min((rank for rank in ranks if rank is not None), default=None)
    current = next((i for i, rank in enumerate(ranks) if best is not None and rank == best), None)
    return [
        {"url": url_for(item.endpoint), "label": item.label, "current": i == current}
        for i, item in enumerate(shown)
    ]


@dataclass(frozen=True)
class AdminLink:
    """A card on the administration overview, added by an area (frameworks, retention...)."""

    endpoint: str
    label: Any
    description: Any


def admin_link(app: Flask, endpoint: str, label: Any, description: Any) -> None:
    """Add a card to the administration overview."""
    registry(app, "admin_links", list).append(AdminLink(endpoint, label, description))


def admin_links(user=None) -> list[dict[str, Any]]:
    """The cards other areas added to the administration overview that the user may open."""
    from flask_login import current_user

    from app.permissions import AUTHENTICATED, PUBLIC, can, declared_access

    user = current_user if user is None else user
    return [
        {"url": url_for(link.endpoint), "label": link.label, "description": link.description}
        for link in registry(current_app, "admin_links", list)
        if (access := declared_access(link.endpoint)) in (PUBLIC, AUTHENTICATED)
        or (access is not None and can(user, access))
    ]
