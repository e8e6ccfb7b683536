"""A checkpoint of the audit chain as a signed note, in the C2SP formats (c2sp.org/tlog-checkpoint and
c2sp.org/signed-note): the chain's origin, its size (entries) and its root hash (the last entry's hash, base64),
then a blank line and one signature line per signer, "— <key name> <base64(key id ‖ Ed25519 signature)>".
A key is named by its key id: the first 4 bytes of SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key); its public half is
written as a verifier key, "<name>+<key id, hex>+<base64(0x01 ‖ public key)>".

Plain text on purpose: it travels in messages and documents, and anyone can check it without Rectiflow."""
import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

ED25519 = b"\x01"
SIGNATURE_PREFIX = "— "  # an em dash and a space
_NAME = re.compile(r"^[^\s+]+$")


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: str  # hex, as the chain stores it

    def body(self) -> str:
        """The signed text: origin, size and root hash, each on its own line."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(bytes.fromhex(self.root_hash)).decode()}\n"


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes


@dataclass(frozen=True)
class SignedCheckpoint:
    checkpoint: Checkpoint
    signatures: tuple[Signature, ...]

    @property
    def text(self) -> str:
        lines = [f"{SIGNATURE_PREFIX}{s.name} {base64.b64encode(s.key_id + s.signature).decode()}"
                 for s in self.signatures]
        return self.checkpoint.body() + "\n" + "\n".join(lines) + "\n"


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"密钥名称「{name}」不能为空，也不能含空格或加号")
    return name


def verifier_key(name: str, public_key: bytes) -> str:
    return f"{check_name(name)}+{key_id(name, public_key).hex()}+{base64.b64encode(ED25519 + public_key).decode()}"


def parse_verifier_key(text: str) -> tuple[str, bytes]:
    """(name, 32-byte Ed25519 public key) of a verifier key; ValueError (in Chinese) if it is not one."""
    name, _, rest = text.strip().partition("+")  # a name holds no "+"; the base64 may
    hex_id, _, rest = rest.partition("+")
    try:
        raw = base64.b64decode(rest, validate=True)
        wanted = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError):
        raise ValueError("公钥格式不对：应为「名称+8位十六进制+base64」") from None
    if not name or len(raw) != 33 or raw[:1] != ED25519 or key_id(name, raw[1:]) != wanted:
        raise ValueError("公钥格式不对：应为「名称+8位十六进制+base64」，且为 Ed25519 公钥")
    return name, raw[1:]


def _root(line: str) -> str | None:
    try:
        raw = base64.b64decode(line, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.hex() if len(raw) == 32 else None


def _signature(line: str) -> Signature | None:
    if not line.startswith(SIGNATURE_PREFIX):
        return None
    name, _, encoded = line[len(SIGNATURE_PREFIX):].rpartition(" ")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return Signature(name, raw[:4], raw[4:]) if name and len(raw) > 4 else None


def find_checkpoints(text: str) -> list[SignedCheckpoint]:
    """Every signed checkpoint written out in `text` — a checkpoint file, a saved message, a report's footer —
    in order. Lines are compared after trimming the spaces a mail client or word processor may add."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    found = []
    for at in range(1, len(lines) - 3):
        size, root = lines[at], _root(lines[at + 1])
        if not (size.isdigit() and root and lines[at + 2] == "" and lines[at - 1]):
            continue
        signatures = []
        for line in lines[at + 3:]:
            signature = _signature(line)
            if signature is None:
                break
            signatures.append(signature)
        if signatures:
            found.append(SignedCheckpoint(Checkpoint(lines[at - 1], int(size), root), tuple(signatures)))
    return found
