"""Whose undelivered mail an administrator sees: the system administrator every message, a
municipality administrator those to the accounts of their own municipality."""

from __future__ import annotations

from typing import Any

from app.vocab import Role


def sees_mail(user: Any, mail: Any) -> bool:
    """Scope of `mail.failed`."""
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    return user.municipality_id is not None and mail.municipality_id == user.municipality_id
