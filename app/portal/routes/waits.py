"""How long a participant must wait after too many wrong codes, in words."""

import math
from datetime import timedelta

from flask_babel import format_timedelta
from flask_babel import gettext as _

from app.auth.throttle import Wait


def wait_words(wait: Wait) -> str:
    """The wait in plain words."""
    seconds = wait.seconds if wait.seconds <= 60 else math.ceil(wait.seconds / 60) * 60
    duration = format_timedelta(timedelta(seconds=seconds), threshold=1)
    return _("You tried too many times. Wait %(wait)s and try again.", wait=duration)
