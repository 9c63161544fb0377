"""Whose webhooks an administrator manages: those of their own municipality's API clients."""

from __future__ import annotations

from typing import Any


def own_webhook(user: Any, hook: Any) -> bool:
    """Scope of `webhook.manage` (a delivery is checked on its webhook)."""
    return user.municipality_id is not None and hook.client.municipality_id == user.municipality_id
