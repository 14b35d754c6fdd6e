"""The tool's signing keys: generate, rotate, retire, publish (JWKS), and unlock for signing.

Private keys are encrypted at rest (Fernet, with a key derived from SECRET_KEY) so a database
dump or a log line never carries a usable key. Changing SECRET_KEY makes stored private keys
unreadable: run ``manage.py lti keys rotate`` afterwards (public keys stay published).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from jwcrypto.jwk import JWK

from .models import LtiKey

KEY_BITS = 2048


class KeyUnavailable(RuntimeError):
    """No active key, or it cannot be decrypted (SECRET_KEY changed): rotate."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_pem: str
    public_pem: str

    def __repr__(self) -> str:
        return f"SigningKey(kid={self.kid!r})"


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"oer-registry lti key encryption\0" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def public_jwk(public_pem: str) -> dict:
    """The JWK of a public key, its kid the RFC 7638 thumbprint (what pylti1p3 puts in the
    header of what it signs, so the two always agree)."""
    jwk = JWK.from_pem(public_pem.encode())
    data = json.loads(jwk.export_public())
    data.update({"kid": jwk.thumbprint(), "alg": "RS256", "use": "sig"})
    return data


def lti_key_create(*, active: bool = True) -> LtiKey:
    """A new RSA key; with ``active`` it becomes the signing key and the previous active key
    stays published (not retired) so messages it signed still verify."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    jwk = public_jwk(public_pem)
    with transaction.atomic():
        if active:
            LtiKey.objects.filter(active=True).update(active=False)
        return LtiKey.objects.create(
            kid=jwk["kid"],
            private_key_encrypted=_fernet().encrypt(private_pem.encode()).decode(),
            public_jwk=jwk,
            active=active,
        )


def lti_key_rotate() -> LtiKey:
    return lti_key_create(active=True)


def lti_key_retire(kid: str, *, clock=timezone.now) -> LtiKey:
    """Stop publishing a key. The active key cannot be retired (rotate first)."""
    key = LtiKey.objects.get(kid=kid)
    if key.active:
        raise ValueError("the active key signs; rotate before retiring it")
    if key.retired_at is None:
        key.retired_at = clock()
        key.save(update_fields=["retired_at"])
    return key


def published_jwks() -> dict:
    """The JWKS the tool publishes: every key not retired, newest first."""
    keys = LtiKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-id")
    return {"keys": [k.public_jwk for k in keys]}


def signing_key(*, create: bool = True) -> SigningKey:
    """The active key, unlocked. The first call on a new site creates one."""
    key = LtiKey.objects.filter(active=True).first()
    if key is None:
        if not create:
            raise KeyUnavailable("the tool has no active key: run manage.py lti keys rotate")
        key = lti_key_create(active=True)
    try:
        private_pem = _fernet().decrypt(key.private_key_encrypted.encode()).decode()
    except InvalidToken as exc:
        raise KeyUnavailable(
            "the active LTI key cannot be decrypted (SECRET_KEY changed?): "
            "run manage.py lti keys rotate"
        ) from exc
    public_pem = JWK(**key.public_jwk).export_to_pem().decode()
    return SigningKey(kid=key.kid, private_pem=private_pem, public_pem=public_pem)
