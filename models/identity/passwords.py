"""Passwords: Argon2id hashes (argon2-cffi's defaults, RFC 9106's recommendation) and the policy a new password
meets. A hash made with other parameters is replaced at the next successful sign-in."""
import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models.domain.refusals import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 128
_COMMON = {"1234567890", "12345678910", "qwertyuiop", "password123", "admin12345", "abc1234567", "a123456789",
           "1qaz2wsx3edc", "woaini1314", "zxcvbnm123", "iloveyou123", "123456789a", "qwe1234567"}
# Argon2id, t=3, 64 MiB, p=4 (argon2-cffi's defaults: RFC 9106's low-memory recommendation). The hasher in use is
# STRONG everywhere but in the test suite, which swaps in cheap parameters (tests/conftest.py) and checks STRONG.
STRONG = PasswordHasher()
hasher = STRONG


@cache
def _nobody(with_hasher: PasswordHasher) -> str:
    """The hash of a password nobody has, checked when the account does not exist: a sign-in takes as long either
    way. Made at the first sign-in, not at import (every command would pay for it)."""
    return with_hasher.hash("nobody-has-this-password")


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return hasher.verify(stored or _nobody(hasher), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return hasher.check_needs_rehash(stored)


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
