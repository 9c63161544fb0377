"""Uploaded files: outside the web root, random names, type from content, size limit, downloads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from app import uploads
from app.extensions import db
from app.refusals import Refused
from tests.privacy.factories import PDF, stored


def test_files_are_kept_outside_the_web_root_under_random_names(app, upload_folder):
    kept = stored(PDF, "Zelda Quist betyg.pdf")
    path = upload_folder / kept.key[:2] / kept.key
    assert path.read_bytes() == PDF and uploads.KEY.match(kept.key)
    assert "Zelda" not in str(path) and kept.name == "Zelda Quist betyg.pdf"
    static = Path(app.static_folder).resolve()
    assert static not in path.resolve().parents
    default = (Path(app.instance_path) / "uploads").resolve()  # when UPLOAD_FOLDER is not set
    assert static not in default.parents and Path(app.template_folder).resolve() not in (
        default.parents
    )
    assert not any(rule.rule.startswith("/uploads") for rule in app.url_map.iter_rules())
    assert path.stat().st_mode & 0o077 == 0  # readable by the application's user only


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"<html><script>alert(1)</script></html>", "betyg.pdf", "type"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "betyg.pdf", "mismatch"),
        (PDF + b"\0" * uploads.MAX_BYTES, "betyg.pdf", "too_large"),
        (b"", "tom.pdf", "empty"),
    ],
)
def test_the_type_comes_from_the_content_and_the_size_is_limited(
    app, upload_folder, data, name, kind
):
    with pytest.raises(Refused) as refused:
        uploads.store(FileStorage(stream=io.BytesIO(data), filename=name))
    assert refused.value.codes == (f"upload_{kind}",) and refused.value.field == "file"
    assert not upload_folder.exists() or not any(p.is_file() for p in upload_folder.rglob("*"))


def test_files_are_sent_as_downloads_the_browser_may_not_sniff(app, upload_folder):
    kept = stored(PDF, "intyg.pdf")
    with app.test_request_context():
        response = uploads.send_stored(kept.key, "intyg.pdf", kept.content_type)
        response.direct_passthrough = False
        assert response.get_data() == PDF
        response.close()
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_released_savepoint_is_not_the_commit_that_files_wait_for(app, upload_folder):
    kept = stored(PDF, "intyg.pdf")
    with db.session.begin_nested():
        pass  # released: the transaction goes on
    db.session.rollback()
    assert not uploads.exists(kept.key)  # the transaction that stored it rolled back
    doomed = stored(PDF, "gammalt.pdf")
    db.session.commit()
    uploads.delete_on_commit(doomed.key)
    with db.session.begin_nested():
        pass
    assert uploads.exists(doomed.key)  # not until the transaction commits
    db.session.rollback()
    assert uploads.exists(doomed.key)  # rolled back: the file stays with its row
