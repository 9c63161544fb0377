"""Request-wide behaviour: security headers, error pages, sessions."""


def test_security_headers_on_every_response(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_hsts_over_plain_http_in_tests(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_hsts_when_cookies_are_secure(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        assert "Strict-Transport-Security" in client.get("/login").headers
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


def test_pages_behind_login_are_not_cached(client, world):
    client.login(world["coach"])
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Sidan kunde inte hittas" in response.get_data(as_text=True)


def test_every_page_links_the_accessibility_statement(client, world):
    assert 'href="/accessibility"' in client.get("/login").get_data(as_text=True)
    client.login(world["coach"])
    assert 'href="/accessibility"' in client.get("/").get_data(as_text=True)


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    from app.config import instance_secret_key

    first = instance_secret_key(str(tmp_path))
    assert len(first) >= 48 and instance_secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("VALIDERA_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": None, "SECRET_KEY": None})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'validera.db'}"
    assert (tmp_path / "secret_key").exists()


def test_static_files_do_not_touch_the_session(client, world):
    """A response still on its way must not put back the cookie of a session that logged out."""
    client.login(world["coach"])
    assert client.get("/").status_code == 200
    static = client.get("/static/favicon.svg")
    static.close()
    assert "Set-Cookie" not in static.headers
    assert "Set-Cookie" not in client.get("/").headers


def test_a_nul_character_in_the_query_string_is_refused(client):
    """PostgreSQL refuses NUL in text: a search carrying one must not reach the database."""
    assert client.get("/accessibility?q=a%00b").status_code == 400
    assert client.get("/accessibility?q=ab").status_code == 200


def test_a_json_body_that_is_no_object_is_refused_not_a_failure(client, world):
    """Flask-WTF reads a JSON body as a form: a list, a number, a text or a body nested too
    deeply to read is a 400 on any form, never a 500; an object is read as the form's fields."""
    for body in ("123", "[]", '"text"', "[" * 5000 + "]" * 5000):
        answer = client.post("/login", data=body, content_type="application/json", csrf=False)
        assert answer.status_code == 400, body[:10]
    answer = client.post(
        "/login",
        data='{"email": "nobody@test.example", "password": "x"}',
        content_type="application/json",
        headers={"X-CSRFToken": client.csrf_token()},
        csrf=False,
    )
    assert answer.status_code == 200
