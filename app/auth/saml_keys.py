"""Validera's key pair as a SAML service provider: it signs the requests and decrypts the
assertions, and its certificate is in Validera's metadata.

In production the pair is named by SAML_SP_KEY_FILE and SAML_SP_CERT_FILE (PEM). Without them a
pair is made at the first use and kept in SAML_SP_FOLDER (default `instance/saml`), so that
`make run` needs nothing; a new folder means a new certificate, which every identity provider
must then be given again (with the metadata).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import Flask, current_app

KEY = "sp-key.pem"
CERT = "sp-cert.pem"
VALID_FOR = timedelta(days=3650)


def configured(app: Flask) -> None:
    """Stop the start when the configuration names half a pair, or files that are not there."""
    key, cert = app.config.get("SAML_SP_KEY_FILE"), app.config.get("SAML_SP_CERT_FILE")
    if not key and not cert:
        return
    if not (key and cert):
        raise ValueError("SAML_SP_KEY_FILE and SAML_SP_CERT_FILE are set together, or neither")
    for name, path in (("SAML_SP_KEY_FILE", key), ("SAML_SP_CERT_FILE", cert)):
        if not Path(path).is_file():
            raise ValueError(f"{name}: no file at {path}")


def key_pair() -> tuple[str, str]:
    """The paths of the private key and the certificate (made once when none is configured)."""
    config = current_app.config
    if config.get("SAML_SP_KEY_FILE"):
        return config["SAML_SP_KEY_FILE"], config["SAML_SP_CERT_FILE"]
    folder = Path(config.get("SAML_SP_FOLDER") or Path(current_app.instance_path) / "saml")
    if not (folder / KEY).is_file():
        _make(folder)
    return str(folder / KEY), str(folder / CERT)


def _make(folder: Path) -> None:
    """A new pair in `folder`, made beside it and moved in at once, so that two processes
    starting together keep the same one (the second finds the folder taken and uses it)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    made = Path(tempfile.mkdtemp(prefix=".saml-", dir=folder.parent))
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    (made / KEY).write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(made / KEY, 0o600)
    (made / CERT).write_bytes(certificate(key).public_bytes(serialization.Encoding.PEM))
    try:
        made.rename(folder)
    except OSError:  # another process made its pair first: keep that one
        shutil.rmtree(made, ignore_errors=True)


def certificate(key: rsa.RSAPrivateKey, name: str = "Validera SAML") -> x509.Certificate:
    """A self-signed certificate for `key` (SAML metadata carries the key, not a chain)."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + VALID_FOR)
        .sign(key, hashes.SHA256())
    )
