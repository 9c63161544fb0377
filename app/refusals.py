"""The one exception a rule raises to refuse an action (plain Python: domain modules raise it too).

`Refused(code, **params)`: `code` names why (a string or a `StrEnum` member of the area's
vocabulary), `params` fill in the words. An area words its codes in `labels.REFUSALS` and hands
them to `app.web.refusal_words` in its `init_app`; `app.web.save` rolls back and shows them.
"""

from __future__ import annotations


class Refused(Exception):
    """An action the rules do not allow.

    `codes`: why (one or more reasons, each worded by its area's `labels.REFUSALS`);
    `field`: the form field the reasons belong at (else they show at the top of the page);
    `params`: the values the words name, e.g. `Refused("too_large", limit="10 MB")`.
    """

    def __init__(self, code: str, *more: str, field: str | None = None, **params):
        super().__init__(", ".join(str(c) for c in (code, *more)))
        self.codes = (code, *more)
        self.field = field
        self.params = params

    @property
    def code(self) -> str:
        """The first (often the only) reason."""
        return self.codes[0]


def check(codes, *, field: str | None = None, **params) -> None:
    """Raise Refused with every code of `codes`, if there is any."""
    codes = list(codes)
    if codes:
        raise Refused(*codes, field=field, **params)
