"""A real OpenID provider for the tests, as its own process on a free localhost port:
`python -m tests.auth.oidc_provider [--at EPOCH] [--token-auth METHOD]`, which prints
`READY <port>` once it listens.

It is `oidc-provider-mock` (a real provider built on Authlib's server: discovery, a key set, an
authorization endpoint with a consent form, a token endpoint that signs ID tokens with RS256,
dynamic client registration, users with their claims set over HTTP), with clients that must
register, a nonce that must be sent, and two things the package leaves out that Validera relies
on, added here in front of it:

- PKCE (RFC 7636): a code is redeemed only with the verifier of the challenge it was asked with,
  and an authorization request without an S256 challenge is refused;
- `--token-auth client_secret_post`: the discovery document says the token endpoint takes the
  client's secret in the body only (as some providers do); the registered client insists on it.

`--at EPOCH` starts the provider's clock there (time-machine, ticking on): the tests give it
their own fixed clock, or one that is off by some minutes, to see how Validera takes a provider
whose clock differs from its own. Without it the provider keeps the machine's clock, as the live
server of the browser tests does.

Claims set on a user go into its ID token as they are, also `aud`, `azp` or `nonce`: a test makes
the provider name another audience, or answer another sign-in's nonce, that way. `POST /_tamper`
makes the next ID token arrive altered after it was signed (as by someone on the way).

The tests start it with `running()`, which answers a `Provider` to drive it over HTTP.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 10  # seconds for each request of the tests to the provider


def s256(verifier: str) -> str:
    """The S256 code challenge of a verifier (RFC 7636, 4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class Front:
    """The WSGI app in front of the provider: PKCE, the token endpoint's client authentication
    in the discovery document, and a record of the last token request (`GET /_seen`)."""

    def __init__(self, provider, token_auth: str | None):
        self.provider = provider
        self.token_auth = token_auth
        self.challenges: dict[str, str] = {}  # code -> the challenge it was asked with
        self.seen: dict[str, object] = {}
        self.tamper = False

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path == "/_seen":
            return Response(json.dumps(self.seen), mimetype="application/json")(
                environ, start_response
            )
        if request.path == "/_tamper" and request.method == "POST":
            self.tamper = True
            return Response("", status=204)(environ, start_response)
        if request.path == "/oauth2/authorize":
            return self.authorize(request, environ, start_response)
        if request.path == "/oauth2/token" and request.method == "POST":
            return self.token(request, environ, start_response)
        if request.path == "/.well-known/openid-configuration" and self.token_auth:
            return self.discovery(environ, start_response)
        return self.provider(environ, start_response)

    def authorize(self, request, environ, start_response):
        if request.args.get("code_challenge_method") != "S256" or not request.args.get(
            "code_challenge"
        ):
            return Response("PKCE with S256 is required", status=400)(environ, start_response)
        response = Response.from_app(self.provider, environ)
        code = parse_qs(urlsplit(response.headers.get("Location", "")).query).get("code")
        if code:
            self.challenges[code[0]] = request.args["code_challenge"]
        return response(environ, start_response)

    def token(self, request, environ, start_response):
        body = request.get_data()
        form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        self.seen = {
            "basic": request.authorization is not None,
            "secret_in_body": "client_secret" in form,
            "code_verifier": form.get("code_verifier"),
            "redirect_uri": form.get("redirect_uri"),
        }
        challenge = self.challenges.get(form.get("code", ""))
        verifier = form.get("code_verifier") or ""
        if challenge is not None and s256(verifier) != challenge:
            error = {"error": "invalid_grant", "error_description": "PKCE verifier mismatch"}
            return Response(json.dumps(error), status=400, mimetype="application/json")(
                environ, start_response
            )
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        if not self.tamper:
            return self.provider(environ, start_response)
        self.tamper = False
        response = Response.from_app(self.provider, environ)
        token = json.loads(response.get_data())
        header, payload, signature = token["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["sub"] = "someone-else"
        altered = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        token["id_token"] = f"{header}.{altered}.{signature}"
        return Response(json.dumps(token), mimetype="application/json")(environ, start_response)

    def discovery(self, environ, start_response):
        response = Response.from_app(self.provider, environ)
        document = json.loads(response.get_data())
        document["token_endpoint_auth_methods_supported"] = [self.token_auth]
        return Response(json.dumps(document), mimetype="application/json")(environ, start_response)


@dataclass
class Provider:
    """A running provider, driven over HTTP as its users and its administrator would."""

    issuer: str
    process: subprocess.Popen

    def register(self, redirect_uri: str, method: str = "client_secret_basic") -> tuple[str, str]:
        """A client of Validera's at the provider: its id and secret."""
        answer = requests.post(
            f"{self.issuer}/oauth2/clients",
            json={"redirect_uris": [redirect_uri], "token_endpoint_auth_method": method},
            timeout=TIMEOUT,
        )
        answer.raise_for_status()
        return answer.json()["client_id"], answer.json()["client_secret"]

    def person(self, subject: str, **claims: object) -> None:
        """A person the provider knows, with the claims its ID tokens carry."""
        answer = requests.put(f"{self.issuer}/users/{subject}", json=claims, timeout=TIMEOUT)
        answer.raise_for_status()

    def consent(self, authorization_url: str, subject: str | None = None) -> str:
        """The person logs in at the provider (or, without a subject, refuses): where the
        provider sends the browser back."""
        data = {"sub": subject} if subject else {"action": "deny"}
        answer = requests.post(authorization_url, data=data, allow_redirects=False, timeout=TIMEOUT)
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]

    def seen(self) -> dict:
        """What the last token request carried."""
        return requests.get(f"{self.issuer}/_seen", timeout=TIMEOUT).json()

    def tamper_next_token(self) -> None:
        requests.post(f"{self.issuer}/_tamper", timeout=TIMEOUT).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


@contextmanager
def running(at: float | None = None, token_auth: str | None = None) -> Iterator[Provider]:
    """A provider in a process of its own, on a free port, stopped at the end (`at`: its
    clock's start; `token_auth`: see the module's docstring)."""
    command = [sys.executable, "-m", "tests.auth.oidc_provider"]
    command += ["--at", repr(at)] if at is not None else []
    command += ["--token-auth", token_auth] if token_auth else []
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    if not line.startswith("READY "):
        process.kill()
        raise RuntimeError(f"the OpenID provider did not start: {line!r}")
    provider = Provider(f"http://127.0.0.1:{line.split()[1]}", process)
    try:
        yield provider
    finally:
        provider.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", type=float, help="the clock's start, in seconds since 1970")
    parser.add_argument("--token-auth", choices=["client_secret_post"], default=None)
    args = parser.parse_args()
    if args.at is not None:
        import time_machine

        time_machine.travel(args.at, tick=True).start()
    # The package reads Authlib's settings through an interface Authlib now warns about.
    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock

    provider = oidc_provider_mock.app(require_client_registration=True, require_nonce=True)
    server = make_server("127.0.0.1", 0, Front(provider, args.token_auth), threaded=True)
    print(f"READY {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
