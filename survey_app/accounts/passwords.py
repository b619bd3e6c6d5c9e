"""Password hashing with Argon2id (argon2-cffi)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
#: The test suite hashes hundreds of passwords; it trades strength for speed.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_use_fast = False


def use_fast_hashing(enabled: bool) -> None:
    """Switch to cheap parameters (tests only)."""
    global _use_fast
    _use_fast = enabled


def hash_password(password: str) -> str:
    return (_fast_hasher if _use_fast else _hasher).hash(password)


def check_password(stored: str, password: str) -> bool:
    """Whether `password` matches the stored hash (any Argon2 parameters)."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# A hash to verify against when the email is unknown, so that timing does not reveal accounts.
DUMMY_HASH = _hasher.hash("not a real password")
