"""The one authorization mechanism: declared access, roles (403) and scope (404)."""

import pytest
from flask import Flask

from app.permissions import (
    PUBLIC,
    SCOPE,
    can,
    check,
    declared_access,
    enforce_declared_access,
    login_required,
    permission,
    rule,
    rules,
    verify_views,
)
from app.vocab import Role

PUBLIC_PAGES = {"/login", "/accessibility", "/privacy"}


def test_every_route_declares_who_may_use_it(app):
    with app.test_request_context():
        undeclared = [
            r.endpoint for r in app.url_map.iter_rules() if declared_access(r.endpoint) is None
        ]
    assert undeclared == []


def _concrete_url(rule) -> str:
    values = {
        arg: 1 if type(converter).__name__ == "IntegerConverter" else "x"
        for arg, converter in rule._converters.items()
    }
    return rule.build(values)[1]


def test_anonymous_is_sent_to_login_from_every_non_public_page(app, client):
    for url_rule in app.url_map.iter_rules():
        if "GET" not in url_rule.methods or url_rule.endpoint == "static":
            continue
        url = _concrete_url(url_rule)
        response = client.get(url)
        with app.test_request_context():
            access = declared_access(url_rule.endpoint)
        if access == PUBLIC and url_rule.endpoint in ("auth.login_code", "auth.oidc_callback"):
            # The code after the password, and the OpenID provider's answer: public, since no one
            # is logged in yet; without a password typed or a sign-in begun first, they send to
            # the login page (the answer with the reason).
            assert response.location == "/login", url
        elif access == PUBLIC:
            assert response.status_code != 302 or "/login" not in response.location, url
        elif access.startswith(SCOPE):  # the API: a bearer token or 401, never a login page
            assert response.status_code == 401, url
            assert response.headers["WWW-Authenticate"].startswith("Bearer"), url
        else:
            assert response.status_code == 302, url
            assert response.location.startswith("/login"), url


def test_public_pages_answer_anonymous(client):
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == 200, url


def test_an_undeclared_view_is_refused():
    app = Flask(__name__)
    app.before_request(enforce_declared_access)

    @app.get("/forgotten")
    def forgotten():
        return "should never be served"

    assert app.test_client().get("/forgotten").status_code == 403


def test_role_check_gives_403_and_scope_check_404(app, world):
    rule(app, "test.scoped", Role.COACH, scope=lambda user, obj: obj == user.municipality_id)
    try:
        coach, employer = world["coach"], world["employer"]
        assert check(employer, "test.scoped") == 403
        assert check(coach, "test.scoped") is None
        assert check(coach, "test.scoped", world.home.id) is None
        assert check(coach, "test.scoped", world.other.id) == 404
        assert can(coach, "test.scoped", world.home.id)
    finally:
        app.extensions["validera.rules"].pop("test.scoped")


def test_deactivated_user_holds_no_role(world):
    coach = world["coach"]
    coach.is_active = False
    assert coach.roles == set()
    assert not can(coach, "admin.users")


def test_anonymous_may_do_nothing(app):
    from flask_login import AnonymousUserMixin

    anonymous = AnonymousUserMixin()
    assert rules()
    assert all(not can(anonymous, action) for action in rules())


def test_unknown_action_cannot_be_declared():
    """A view naming an action its application never declared stops the application from
    being built (`create_app` calls `verify_views` once every area is registered)."""
    app = Flask(__name__)
    rule(app, "known.action", Role.COACH)
    app.add_url_rule("/known", "known", permission("known.action")(lambda: "known"))
    verify_views(app)
    app.add_url_rule("/typo", "typo", permission("no.such.action")(lambda: "typo"))
    with pytest.raises(ValueError, match="no.such.action"):
        verify_views(app)


def test_an_action_declared_twice_is_refused():
    app = Flask(__name__)
    rule(app, "twice", Role.COACH)
    with pytest.raises(ValueError, match="declared twice"):
        rule(app, "twice", Role.ADMIN)


def test_a_wrong_role_gets_403(client, world):
    client.login(world["coach"])
    assert client.get("/admin/users").status_code == 403
    assert client.get(f"/admin/users/{world['admin'].id}").status_code == 403


def test_decorators_mark_views():
    @login_required
    def view():
        return None

    assert view.access == "authenticated"


def test_an_api_view_must_declare_a_known_scope():
    from flask import Flask

    from app.permissions import public, token_scopes

    app = Flask(__name__)
    token_scopes(app, "api", "cases:read")
    app.add_url_rule("/api/a", "api.a", lambda: "")
    with pytest.raises(ValueError, match="must declare its scope"):
        verify_views(app)
    scoped = lambda: ""  # noqa: E731
    scoped.access = f"{SCOPE}cases:write"
    app.view_functions["api.a"] = scoped
    with pytest.raises(ValueError, match="no such scope"):
        verify_views(app)
    scoped.access = f"{SCOPE}cases:read"
    verify_views(app)
    app.view_functions["api.a"] = public(lambda: "")
    verify_views(app)
