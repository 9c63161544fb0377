"""Where mail goes (app/mail/backend.py): files without MAIL_SERVER (as under `make run`), SMTP
with one."""

import logging

from app import create_app
from app.config import TestConfig
from app.mail import message
from tests.conftest import settings_of


def _app(tmp_path, **settings):
    return create_app({**settings_of(TestConfig), "MAIL_BACKEND": None, **settings})


def test_without_a_mail_server_mail_is_written_to_files_and_a_warning_says_where(tmp_path, caplog):
    folder = tmp_path / "mail"
    with caplog.at_level(logging.WARNING):
        app = _app(tmp_path, MAIL_FILE_PATH=str(folder))
    assert app.config["MAIL_BACKEND"] == "file"
    assert any(
        "MAIL_SERVER is not set" in r.getMessage() and str(folder) in r.getMessage()
        for r in caplog.records
    )
    with app.app_context():
        assert message("a@test.example", "Ämne", "Brödtext åäö").send() == 1
    [written] = list(folder.iterdir())
    assert "Subject: =?utf-8?" in written.read_text() and "a@test.example" in written.read_text()


def test_the_default_folder_is_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("VALIDERA_INSTANCE", str(tmp_path))
    app = _app(tmp_path)
    assert app.config["MAIL_FILE_PATH"] == str(tmp_path / "mail")


def test_with_a_mail_server_mail_goes_over_smtp_with_the_password_from_a_file(tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret\n")
    app = _app(
        tmp_path,
        MAIL_SERVER="smtp.test.example",
        MAIL_PORT=587,
        MAIL_USE_TLS=True,
        MAIL_USERNAME="validera",
        MAIL_PASSWORD_FILE=str(secret),
    )
    state = app.extensions["mailman"]
    assert app.config["MAIL_BACKEND"] == state.backend == "smtp"
    assert (state.server, state.port, state.use_tls) == ("smtp.test.example", 587, True)
    assert (state.username, state.password) == ("validera", "s3cret")
