"""The secure upload helper: type from content, size limit, random names, no leftovers."""

import io
import os

import pytest
from werkzeug.datastructures import FileStorage

from app import uploads
from app.extensions import db
from app.refusals import Refused

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), name)


def stored_files(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize(
    ("data", "name", "mime"),
    [
        (PDF, "intyg.pdf", "application/pdf"),
        (PNG, "foto.PNG", "image/png"),
        (JPEG, "b.jpeg", "image/jpeg"),
    ],
)
def test_accepted_files_are_kept_under_a_random_name(app, upload_folder, data, name, mime):
    with app.test_request_context():
        stored = uploads.store(upload(data, name))
        path = upload_folder / stored.key[:2] / stored.key
        assert stored.content_type == mime and stored.size == len(data) and stored.name == name
        assert path.read_bytes() == data and name not in str(path)
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"
        uploads.delete(stored.key)
        assert not path.exists()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PNG, "rapport.pdf", "mismatch"),
        (PDF, "bild.png", "mismatch"),
        (PDF, "intyg", "mismatch"),
        (b"<script>alert(1)</script>", "intyg.pdf", "type"),
        (b"MZ\x90\x00" + b"\x00" * 100, "program.pdf", "type"),
        (b"GIF89a" + b"\x00" * 20, "bild.gif", "type"),
        (b"", "tom.pdf", "empty"),
    ],
)
def test_refused_files_leave_nothing_stored(app, upload_folder, data, name, kind):
    with app.test_request_context(), pytest.raises(Refused) as refused:
        uploads.store(upload(data, name))
    assert refused.value.codes == (f"upload_{kind}",) and refused.value.field == "file"
    assert stored_files(upload_folder) == []


def test_a_file_over_the_limit_is_refused(app, upload_folder):
    with app.test_request_context(), pytest.raises(Refused) as refused:
        uploads.store(upload(PDF + b"\x00" * (10 * 1024 * 1024), "stor.pdf"))
    assert refused.value.codes == ("upload_too_large",) and stored_files(upload_folder) == []


def test_a_file_stored_in_a_transaction_that_rolls_back_goes_again(app, upload_folder):
    with app.test_request_context():
        uploads.store(upload(PDF, "intyg.pdf"))
        assert len(stored_files(upload_folder)) == 1
        db.session.rollback()  # a refusal, a failed write, an error: the row is not saved
    assert stored_files(upload_folder) == []


def test_a_file_stored_in_a_committed_transaction_stays(app, upload_folder):
    with app.test_request_context():
        stored = uploads.store(upload(PDF, "intyg.pdf"))
        db.session.commit()
        db.session.rollback()  # a later transaction's failure is not the file's
        with db.session.begin_nested():
            uploads.store(upload(PNG, "foto.png"))
        with pytest.raises(RuntimeError), db.session.begin_nested():
            raise RuntimeError("a savepoint rolled back: the transaction goes on")
        db.session.commit()
    assert len(stored_files(upload_folder)) == 2 and uploads.exists(stored.key)


def test_a_file_marked_for_deletion_goes_only_when_its_transaction_commits(app, upload_folder):
    with app.test_request_context():
        stored = uploads.store(upload(PDF, "intyg.pdf"))
        db.session.commit()
        uploads.delete_on_commit(stored.key)
        db.session.rollback()  # the row's removal failed: the file stays with its row
        db.session.commit()
        assert uploads.exists(stored.key)
        uploads.delete_on_commit(stored.key)
        db.session.commit()
    assert stored_files(upload_folder) == []


def test_names_are_cleaned_and_keys_checked(app):
    assert uploads.clean_name("C:\\Users\\x\\..\\Intyg från Åsa.pdf") == "Intyg från Åsa.pdf"
    assert uploads.clean_name("../../etc/passwd\x00.pdf") == "passwd.pdf"
    assert uploads.clean_name("") == "file"
    with app.test_request_context(), pytest.raises(ValueError):
        uploads.delete("../../secret_key")
