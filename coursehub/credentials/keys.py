"""Signing keys for Open Badges 3.0 credentials, kept as files in instance/.

Each key is an RSA private key in ``<kid>.pem``; the file ``active`` names the
key that signs new credentials. Keys are created on first use and never
deleted: rotating adds a new active key and keeps the old ones, whose public
halves stay in the published JWK set so earlier credentials still verify.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app
from jwt.algorithms import RSAAlgorithm

ALGORITHM = "RS256"
ACTIVE = "active"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey

    def public_jwk(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.update(kid=self.kid, use="sig", alg=ALGORITHM)
        return jwk


def keys_dir() -> Path:
    """``COURSEHUB_KEYS_DIR``, else ``<instance>/signing-keys``."""
    configured = current_app.config.get("COURSEHUB_KEYS_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "signing-keys"


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """The RFC 7638 JWK thumbprint, used as the key id."""
    jwk = json.loads(RSAAlgorithm.to_jwk(public_key))
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _write_private(directory: Path, mode: int = 0o600) -> str:
    """Generate a key, write it atomically as ``<kid>.pem``; return its kid."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = thumbprint(key.public_key())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    tmp = directory / f".{kid}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.replace(tmp, directory / f"{kid}.pem")
    return kid


@lru_cache(maxsize=16)
def _load(path: str, mtime: float) -> SigningKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return SigningKey(thumbprint(key.public_key()), key)


def _load_kid(directory: Path, kid: str) -> SigningKey:
    path = directory / f"{kid}.pem"
    return _load(str(path), path.stat().st_mtime)


def active_key() -> SigningKey:
    """The key that signs new credentials, created on first use."""
    directory = keys_dir()
    marker = directory / ACTIVE
    if not marker.exists():
        kid = _write_private(directory)
        try:  # O_EXCL: if another process won the race, use its key
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            (directory / f"{kid}.pem").unlink(missing_ok=True)
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(kid)
    return _load_kid(directory, marker.read_text().strip())


def rotate() -> SigningKey:
    """Make a new key the active one; older keys stay published."""
    directory = keys_dir()
    kid = _write_private(directory)
    tmp = directory / f".{ACTIVE}.tmp"
    tmp.write_text(kid)
    os.replace(tmp, directory / ACTIVE)
    return _load_kid(directory, kid)


def all_keys() -> list[SigningKey]:
    """Every key, the active one first (creating it if there is none yet)."""
    active = active_key()
    directory = keys_dir()
    others = sorted((p for p in directory.glob("*.pem") if p.stem != active.kid),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    return [active] + [_load(str(p), p.stat().st_mtime) for p in others]


def jwks() -> dict:
    """The public JWK set: every key ever used, so old credentials still verify."""
    return {"keys": [key.public_jwk() for key in all_keys()]}
