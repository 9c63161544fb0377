"""Uploaded files kept safely: checked by content, stored under random names, sent as downloads.

Any area that accepts files (mapping evidence, assessment attachments) uses these functions:

    stored = store(request.files["file"])        # or raises Refused("upload_...", field="file")
    evidence.file_key = stored.key               # in a service; the view's save() commits
    return send_stored(evidence.file_key, evidence.file_name, evidence.content_type)
    delete_on_commit(evidence.file_key)          # in the service that removes the row

Files follow the database transaction they belong to: a file stored during a transaction that
rolls back (a refusal, a failed write, an error) is deleted again, and a file marked with
`delete_on_commit` goes only once its row's removal is committed, so that neither a file without
a row nor a row without a file is left behind (`install()`, called by the factory).

Files live in `app.config["UPLOAD_FOLDER"]` (default instance/uploads), outside the static
folder, so that the web server never serves them directly; only a view that has checked the
user's access can send one.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import Response, abort, current_app, send_file

from app.areas import listen
from app.extensions import db
from app.refusals import Refused

MAX_BYTES = 10 * 1024 * 1024
# Sniffed type → the name endings that may go with it.
ALLOWED = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
KEY = re.compile(r"^[0-9a-f]{32}$")
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class StoredFile:
    """A file kept on disk: its random key and what was learnt about it."""

    key: str
    name: str
    content_type: str
    size: int


def folder() -> Path:
    """Where uploads are kept."""
    return Path(current_app.config["UPLOAD_FOLDER"])


def _path(key: str) -> Path:
    if not KEY.match(key or ""):
        raise ValueError("not an upload key")
    return folder() / key[:2] / key


def clean_name(name: str | None) -> str:
    """The file's own name, without folders or control characters, for showing and downloads."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return name[-200:] or "file"


def sniff(head: bytes) -> str | None:
    """The file's type as its content says, or None when it is not one we accept."""
    kind = filetype.guess(head)
    return kind.mime if kind is not None and kind.mime in ALLOWED else None


def read_limited(stream, max_bytes: int = MAX_BYTES) -> bytes:
    """The whole upload, refusing it as soon as it is larger than `max_bytes`."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Refused("upload_too_large", field="file")
    if not data:
        raise Refused("upload_empty", field="file")
    return data


def check(data: bytes, name: str, allowed: dict[str, tuple[str, ...]] = ALLOWED) -> str:
    """The content type of an acceptable file; refuses other types and misleading names."""
    content_type = sniff(data[:SNIFF_BYTES])
    if content_type is None or content_type not in allowed:
        raise Refused("upload_type", field="file")
    if not name.lower().endswith(allowed[content_type]):
        raise Refused("upload_mismatch", field="file")  # e.g. a PNG called report.pdf
    return content_type


def store(file_storage, max_bytes: int = MAX_BYTES) -> StoredFile:
    """Check an uploaded file (werkzeug FileStorage) and keep it under a new random key."""
    name = clean_name(getattr(file_storage, "filename", None))
    data = read_limited(file_storage.stream, max_bytes)
    content_type = check(data, name)
    key = secrets.token_hex(16)
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    _follow(STORED, key)
    return StoredFile(key=key, name=name, content_type=content_type, size=len(data))


def delete(key: str | None) -> None:
    """Remove a stored file; a missing one is not an error."""
    if key:
        _path(key).unlink(missing_ok=True)


def exists(key: str) -> bool:
    """True when the file is on disk."""
    return _path(key).is_file()


def delete_on_commit(key: str | None) -> None:
    """Delete the stored file once the current transaction commits (its row is gone for good);
    if the transaction rolls back, the file stays with its row."""
    if key:
        _follow(DOOMED, key)


STORED, DOOMED = "uploads.stored", "uploads.doomed"


def _follow(name: str, key: str) -> None:
    """Tie the file to the session's transaction, begun here if nothing has begun it yet (a
    commit or rollback of no transaction tells no one)."""
    session = db.session()
    if not session.in_transaction():
        session.begin()
    session.info.setdefault(name, []).append(key)


def install() -> None:
    """Let files follow the transactions of every session of the process (once)."""
    listen("after_commit", _committed)
    listen("after_soft_rollback", _rolled_back)


def _committed(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released (SQLAlchemy says so too): the transaction goes on
    session.info.pop(STORED, None)
    for key in session.info.pop(DOOMED, []):
        delete(key)


def _rolled_back(session, previous_transaction) -> None:
    if previous_transaction.parent is not None:  # a savepoint: the transaction goes on
        return
    session.info.pop(DOOMED, None)
    for key in session.info.pop(STORED, []):
        delete(key)


def send_stored(key: str, name: str, content_type: str) -> Response:
    """Send a stored file as a download; the browser must neither guess its type nor show it."""
    path = _path(key)
    if not path.is_file():
        abort(404)
    response = send_file(
        path, mimetype=content_type, as_attachment=True, download_name=name, max_age=0
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
