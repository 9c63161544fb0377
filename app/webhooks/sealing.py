"""Webhook secrets sealed for the database with a key derived from SECRET_KEY (see
`models.Webhook`): the same SECRET_KEY must be kept on every machine and across deploys."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _sealer() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"validera", info=b"webhook secrets"
    ).derive(secret)
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret: str) -> bytes:
    return _sealer().encrypt(secret.encode())


def unseal(sealed: bytes) -> str:
    return _sealer().decrypt(sealed).decode()
