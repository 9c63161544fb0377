"""Where mail goes (app/mail.py): files without MAIL_SERVER (as under `make run`), SMTP with one."""

import logging
import socket
import struct
import threading
import time

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from app import create_app
from app.config import TestConfig
from app.mail import MAIL_AFTER, SentWhenAnswered, message
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


def _served(wsgi_app):
    """`wsgi_app` on Werkzeug's development server (as under `make run`), on a free port."""
    server = make_server("127.0.0.1", 0, wsgi_app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _ask_and_reset(port: int) -> bytes:
    """A browser that reads the whole answer and then resets the connection (as Chromium often
    does after a redirect)."""
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        answer = b""
        while b"sent" not in answer:
            answer += client.recv(4096)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return answer


@pytest.mark.parametrize("reset", [True, False])
def test_a_response_with_mail_is_closed_once_even_when_the_browser_resets(reset):
    closed = []

    def answer(environ, start_response):
        environ[MAIL_AFTER] = True  # what app.mail does when a commit left mail to send
        response = Response("sent")
        response.call_on_close(lambda: closed.append(1))
        return response(environ, start_response)

    server = _served(SentWhenAnswered(answer))
    try:
        for n in range(1, 6):
            if reset:
                _ask_and_reset(server.server_port)
            else:
                with socket.create_connection(("127.0.0.1", server.server_port)) as client:
                    client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                    while client.recv(4096):
                        pass
            deadline = time.monotonic() + 5
            while len(closed) < n and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.05)  # the server's own close, if it comes, comes now
            assert len(closed) == n
    finally:
        server.shutdown()
