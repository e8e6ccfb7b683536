"""Passwords: Argon2id hashes (argon2-cffi's defaults, RFC 9106's recommendation) and the policy a new password
meets. A hash made with weaker parameters is replaced at the next successful sign-in."""
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models.domain.refusals import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 128
_HASHER = PasswordHasher()
_COMMON = {"1234567890", "12345678910", "qwertyuiop", "password123", "admin12345", "abc1234567", "a123456789",
           "1qaz2wsx3edc", "woaini1314", "zxcvbnm123", "iloveyou123", "123456789a", "qwe1234567"}
# the hash of a password nobody has, checked when the account does not exist: a sign-in takes as long either way
_NOBODY = _HASHER.hash("nobody-has-this-password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _NOBODY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)


def check_policy(password: str, name: str) -> None:
    """Refuse a password that is short, all one kind of character, common, or contains the person's name."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"密码太短：至少 {MIN_LENGTH} 个字符")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"密码太长：最多 {MAX_LENGTH} 个字符")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        raise InvalidInput("密码须同时包含字母和数字")
    if password.lower() in _COMMON or len(set(password)) < 4:
        raise InvalidInput("密码过于常见或简单，请换一个")
    if name and name in password:
        raise InvalidInput("密码不能包含本人姓名")
