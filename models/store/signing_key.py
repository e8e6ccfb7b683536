"""The key that signs the audit chain's checkpoints: Ed25519, made by `rectiflow init`, kept in a file outside the
database (mode 0600) in the signed-note encoding "PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ seed)>"; its public
half (the verifier key) beside it in "<file>.pub"."""
import base64
import binascii
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from models.domain.checkpoint_note import ED25519, Signature, check_name, key_id, parse_verifier_key, verifier_key
from models.domain.refusals import InvalidInput

PRIVATE_PREFIX = "PRIVATE+KEY+"


@dataclass(frozen=True)
class SigningKey:
    name: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> bytes:
        return self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def verifier(self) -> str:
        return verifier_key(self.name, self.public)

    def sign(self, text: str) -> Signature:
        return Signature(self.name, key_id(self.name, self.public), self.private.sign(text.encode("utf-8")))


def public_path(key_path: Path) -> Path:
    return key_path.with_name(key_path.name + ".pub")


def ensure_key(key_path: Path) -> tuple[SigningKey, bool]:
    """The signing key, made now if there is none yet (True); an existing key is never replaced."""
    existing = load_key(key_path)
    if existing:
        return existing, False
    key = SigningKey(check_name(f"rectiflow-audit-{secrets.token_hex(4)}"), Ed25519PrivateKey.generate())
    seed = key.private.private_bytes_raw()
    line = f"{PRIVATE_PREFIX}{key.name}+{key_id(key.name, key.public).hex()}+" \
           f"{base64.b64encode(ED25519 + seed).decode()}\n"
    key_path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never over an existing key
    with os.fdopen(handle, "w", encoding="ascii") as file:
        file.write(line)
    public_path(key_path).write_text(key.verifier + "\n", encoding="ascii")
    load_key.cache_clear()
    return key, True


@lru_cache(maxsize=4)
def load_key(key_path: Path) -> SigningKey | None:
    """The key in `key_path`, or None when there is no such file."""
    try:
        text = key_path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeError) as error:
        raise InvalidInput(f"无法读取审计签名密钥 {key_path}：{error.__class__.__name__}") from None
    try:
        name, hex_id, encoded = text.removeprefix(PRIVATE_PREFIX).split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
        key = SigningKey(name, Ed25519PrivateKey.from_private_bytes(raw[1:]))
    except (ValueError, binascii.Error):
        raise InvalidInput(f"审计签名密钥文件 {key_path} 已损坏") from None
    if not text.startswith(PRIVATE_PREFIX) or raw[:1] != ED25519 or key_id(name, key.public).hex() != hex_id:
        raise InvalidInput(f"审计签名密钥文件 {key_path} 已损坏")
    return key


def signed_by(verifier: str, text: str, signature: Signature) -> bool:
    """Whether `signature` over `text` is the verifier key's."""
    name, public = parse_verifier_key(verifier)
    if signature.name != name or signature.key_id != key_id(name, public):
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature.signature, text.encode("utf-8"))
    except InvalidSignature:
        return False
    return True
