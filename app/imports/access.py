"""Who may see and confirm an upload: only the person who uploaded it, in their municipality."""

from __future__ import annotations

from typing import Any


def is_uploader(user: Any, item: Any) -> bool:
    """The upload is `user`'s own, made in their municipality."""
    return item.owner_id == user.id and item.municipality_id == user.municipality_id
