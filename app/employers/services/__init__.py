"""Operations of the employers area: they change state, flush and log; the route commits."""

from __future__ import annotations


class NotAllowed(Exception):
    """A change the area's rules refuse; `message` says why, for people."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
