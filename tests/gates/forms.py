"""Forms found in a rendered page: their method, action and fields with their shown values;
and the query parameters a page's view reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from werkzeug.datastructures import ImmutableMultiDict


@dataclass
class Field:
    """One named control: its kind (input type, "select", "textarea") and its choices."""

    name: str
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)
    enctype: str = ""

    def signature(self) -> tuple:
        """What makes two forms the same form (on different pages, or for different objects)."""
        return (self.method, self.action, tuple(sorted({f.name for f in self.fields})))

    def defaults(self) -> dict[str, list[str]]:
        """What a browser would send without the user changing anything (no submit button)."""
        data: dict[str, list[str]] = {}
        buttons = [f for f in self.fields if f.kind in ("submit", "button")]
        if buttons:  # the first named button, as if the user pressed it
            data[buttons[0].name] = [buttons[0].value]
        for f in self.fields:
            if f.kind in ("submit", "button", "reset", "image", "file"):
                continue
            if f.kind in ("checkbox", "radio") and not f.checked:
                continue
            if f.kind == "select":
                data.setdefault(f.name, []).extend(f.options[:1] if not f.value else [f.value])
                continue
            data.setdefault(f.name, []).append(f.value)
        return data


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self._form = Form(a.get("method", "get").lower(), action, enctype=a.get("enctype", ""))
            self.forms.append(self._form)
        elif self._form is None or not a.get("name") and tag != "option":
            return
        elif tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self._form.fields.append(
                Field(a["name"], kind, a.get("value", ""), checked="checked" in a)
            )
        elif tag == "select":
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = a
            value = a.get("value")
            if value is not None:
                self._select.options.append(value)
                if "selected" in a:
                    self._select.value = value
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_in(html: str, page_url: str) -> list[Form]:
    """Every form of the page, with absolute paths as actions."""
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


class ReadArgs(ImmutableMultiDict):
    """A request's query string that notes each parameter the view looks up, whether it is
    there or not (`request.args.get("page")`, a filter form built from `request.args`)."""

    noted: set[str] | None = None  # set by `reading_args` while a request runs

    def _note(self, key) -> None:
        if ReadArgs.noted is not None and isinstance(key, str):
            ReadArgs.noted.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None, type=None):
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        self._note(key)
        return super().getlist(key, type)


@contextmanager
def reading_args(app) -> Iterator[set[str]]:
    """The names of the query parameters that the app's views read inside the block."""
    request_class = app.request_class
    before = request_class.__dict__.get("parameter_storage_class")
    request_class.parameter_storage_class = ReadArgs
    ReadArgs.noted = set()
    try:
        yield ReadArgs.noted
    finally:
        ReadArgs.noted = None
        if before is None:
            del request_class.parameter_storage_class
        else:
            request_class.parameter_storage_class = before
