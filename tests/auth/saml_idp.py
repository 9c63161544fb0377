"""A real SAML 2.0 identity provider for the tests: pysaml2's own `Server`, with a key pair made
here, that reads Validera's signed requests and answers them with signed responses (or with
the faults a test asks for: no signature, another key, another audience, a low level).

The browser test serves one over HTTP, as its own process on the machine's clock (the live
server's), with `python -m tests.auth.saml_idp FOLDER SP_METADATA_URL EMAIL`: it prints
`READY <port>` once it listens, with its metadata in FOLDER/idp-metadata.xml, and answers each
request at /sso with a page that posts the signed answer about EMAIL back to Validera
(/person?email=... names another person from then on).
"""

from __future__ import annotations

import base64
import html
import sys
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server

LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
PERSONAL_NUMBER = "urn:oid:1.2.752.29.4.13"
MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241"
URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"


def key_pair(folder: Path, name: str) -> tuple[str, str]:
    """A private key and a self-signed certificate (valid 2000-2100, whatever the clocks say),
    written to `folder` as PEM; their paths."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2000, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2100, 1, 1, tzinfo=UTC))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}-key.pem", folder / f"{name}-cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


@dataclass
class Person:
    """Who the identity provider says someone is."""

    email: str | None = "coach@test.example"
    personal_number: str | None = None
    name: str | None = "Test Coach"
    name_id: str | None = "persistent-coach-1"  # None: a transient NameID
    loa: str = LOA3
    extra: dict[str, list[str]] = field(default_factory=dict)

    def attributes(self) -> dict[str, list[str]]:
        found = {
            PERSONAL_NUMBER: self.personal_number,
            MAIL: self.email,
            DISPLAY_NAME: self.name,
        }
        return {name: [value] for name, value in found.items() if value} | self.extra


class SamlIdp:
    """An identity provider that trusts Validera's metadata (`sp_metadata`)."""

    def __init__(
        self,
        folder: Path,
        sp_metadata: str,
        *,
        base: str = "http://idp.test.example",
        key_name: str = "idp",
        lifetime_minutes: int = 5,
    ):
        self.base = base
        self.entity_id = f"{base}/idp"
        self.key_file, self.cert_file = key_pair(folder, key_name)
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "key_file": self.key_file,
                "cert_file": self.cert_file,
                "metadata": {"inline": [sp_metadata]},
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(f"{base}/sso", BINDING_HTTP_REDIRECT)]
                        },
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime_minutes},
                                "name_form": URI,
                            }
                        },
                    }
                },
            }
        )
        self.server = Server(config=config)

    @property
    def metadata(self) -> str:
        """The identity provider's metadata, as the administrator loads it."""
        return create_metadata_string(None, self.server.config).decode()

    def read_request(self, location: str):
        """The AuthnRequest of a redirect to this provider, its signature checked with the key
        in Validera's metadata (fails when it is unsigned or signed wrongly)."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        assert query.get("SigAlg") and query.get("Signature"), "the request is not signed"
        parsed = self.server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query["SigAlg"],
            signature=query["Signature"],
        )
        return parsed.message

    def answer(
        self,
        request,
        person: Person | None = None,
        *,
        sign_assertion: bool = True,
        sign_response: bool = False,
        encrypt: bool = False,
        audience: str | None = None,
        destination: str | None = None,
    ) -> str:
        """A response to `request` (an AuthnRequest) about `person`, base64 as it is posted."""
        person = person or Person()
        name_id = NameID(
            format=NAMEID_FORMAT_PERSISTENT if person.name_id else NAMEID_FORMAT_TRANSIENT,
            text=person.name_id or "transient-0f3a",
        )
        extra = {}
        if encrypt:
            sp_cert = self.server.metadata.certs(request.issuer.text, "spsso", "encryption")
            extra = {"encrypt_assertion": True, "encrypt_cert_assertion": sp_cert[0][1]}
        response = self.server.create_authn_response(
            person.attributes(),
            request.id,
            destination or request.assertion_consumer_service_url,
            audience or request.issuer.text,
            name_id=name_id,
            authn={"class_ref": person.loa, "authn_auth": self.entity_id},
            sign_assertion=sign_assertion,
            sign_response=sign_response,
            **extra,
        )
        return base64.b64encode(str(response).encode()).decode()

    def refusal(self, request, message: str = "Cancelled by the user") -> str:
        """An error response to `request`: the person did not get through."""
        response = self.server.create_error_response(
            request.id,
            request.assertion_consumer_service_url,
            ("urn:oasis:names:tc:SAML:2.0:status:AuthnFailed", message),
            sign=True,
        )
        return base64.b64encode(str(response).encode()).decode()


# --- served over HTTP, for the browser test ---------------------------------------------------


def auto_post(acs: str, answer: str) -> bytes:
    """The page an identity provider answers with: a form that posts itself to Validera."""
    return (
        "<!doctype html><html lang='en'><head><title>Identity provider</title></head>"
        "<body onload='document.forms[0].submit()'>"
        f"<form method='post' action='{html.escape(acs)}'>"
        f"<input type='hidden' name='SAMLResponse' value='{html.escape(answer)}'>"
        "<noscript><button type='submit'>Continue</button></noscript></form></body></html>"
    ).encode()


def serve(folder: str, sp_metadata_url: str, email: str) -> None:
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Request, Response

    holder: dict = {"email": email}

    @Request.application
    def app(request: Request) -> Response:
        idp = holder["idp"]
        if request.path == "/metadata":
            return Response(idp.metadata, mimetype="application/samlmetadata+xml")
        if request.path == "/person":  # the test says who logs in next
            holder["email"] = request.args["email"]
            return Response("ok")
        if request.path != "/sso":
            return Response("not found", status=404)
        asked = idp.read_request(request.url)
        person = Person(email=holder["email"], name="Coach Demo", name_id=holder["email"])
        answer = idp.answer(asked, person)
        return Response(
            auto_post(asked.assertion_consumer_service_url, answer), mimetype="text/html"
        )

    server = make_server("127.0.0.1", 0, app, threaded=True)
    with urllib.request.urlopen(sp_metadata_url, timeout=10) as answer:  # noqa: S310 - local
        sp_metadata = answer.read().decode()
    base = f"http://127.0.0.1:{server.server_port}"
    holder["idp"] = SamlIdp(Path(folder), sp_metadata, base=base)
    (Path(folder) / "idp-metadata.xml").write_text(holder["idp"].metadata)
    print(f"READY {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(*sys.argv[1:4])
