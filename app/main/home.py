"""The home page is made of panels; each area registers the panels for its roles.

A panel is a template under `templates/` and a function that returns its context for the
current user. Home shows, in order, every panel whose roles the user holds. A panel that names
participants lists their ids under `shown`: the home page logs the read (app/audit.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.vocab import Role


@dataclass(frozen=True)
class Panel:
    """One block of the home page."""

    roles: frozenset[Role]
    template: str
    context: Callable[[Any], dict[str, Any]]
    order: int


_PANELS: list[Panel] = []


def home_panel(template: str, *roles: Role, order: int = 50):
    """Register the decorated `context(user)` function as a home panel for `roles`."""

    def decorator(context: Callable[[Any], dict[str, Any]]):
        _PANELS.append(Panel(frozenset(roles), template, context, order))
        _PANELS.sort(key=lambda panel: panel.order)
        return context

    return decorator


def panels_for(user) -> list[tuple[str, dict[str, Any]]]:
    """The (template, context) of every panel the user should see."""
    return [(p.template, p.context(user)) for p in _PANELS if user.roles & p.roles]


@dataclass(frozen=True)
class NavItem:
    """One link of the main menu."""

    endpoint: str
    label: Any  # a lazy string, translated when shown
    roles: frozenset[Role]
    order: int


_NAV: list[NavItem] = []


def nav_item(endpoint: str, label: Any, *roles: Role, order: int = 50) -> None:
    """Add a main-menu link shown to users holding any of `roles`."""
    _NAV.append(NavItem(endpoint, label, frozenset(roles), order))
    _NAV.sort(key=lambda item: item.order)


def nav_for(user, current_endpoint: str | None) -> list[dict[str, Any]]:
    """The menu links the user may follow, marking the current area."""
    from flask import url_for

    items = []
    for item in _NAV:
        if user.roles & item.roles:
            area = item.endpoint.split(".")[0]
            current = current_endpoint == item.endpoint or (
                current_endpoint is not None
                and item.endpoint.endswith(".index")
                and current_endpoint.startswith(area + ".")
            )
            items.append({"url": url_for(item.endpoint), "label": item.label, "current": current})
    return items


@dataclass(frozen=True)
class AdminLink:
    """A card on the administration overview, added by an area (frameworks, retention...)."""

    endpoint: str
    label: Any
    description: Any


_ADMIN_LINKS: list[AdminLink] = []


def admin_link(endpoint: str, label: Any, description: Any) -> None:
    """Add a card to the administration overview."""
    _ADMIN_LINKS.append(AdminLink(endpoint, label, description))


def admin_links(user=None) -> list[dict[str, Any]]:
    """The cards other areas added to the administration overview that the user may open."""
    from flask import url_for
    from flask_login import current_user

    from app.permissions import AUTHENTICATED, PUBLIC, can, declared_access

    user = current_user if user is None else user
    return [
        {"url": url_for(link.endpoint), "label": link.label, "description": link.description}
        for link in _ADMIN_LINKS
        if (access := declared_access(link.endpoint)) in (PUBLIC, AUTHENTICATED)
        or (access is not None and can(user, access))
    ]
