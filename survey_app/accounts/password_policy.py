"""The password policy of NIST SP 800-63B: length over composition rules, and no commonly used password.

At least 12 characters (800-63B allows 8; MOHA's accounts open every province's list, so we ask for more),
at most 128, any characters (spaces and Vietnamese letters included), no rule on digits or symbols and no
periodic change. A password is refused when it, or it without the digits and symbols at its ends, is on the
shipped list of common passwords (data/README.md says where the list comes from), or when it is made of the
account's own address.
"""

import functools
import re
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 128
_DATA = Path(__file__).resolve().parent / "data"
_ENDS = re.compile(r"^[\W\d_]+|[\W\d_]+$")
#: Runs people type instead of a password ("123456789012", "qwertyuiopas").
_RUNS = ("01234567890123456789" * 7, "98765432109876543210" * 7, "qwertyuiopasdfghjklzxcvbnm" * 5)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped lists, lower case (read once per process)."""
    words: set[str] = set()
    for name in ("common-passwords.txt", "local.txt"):
        words.update(line.strip() for line in (_DATA / name).read_text(encoding="utf-8").splitlines())
    return frozenset(words - {""})


def _is_common(password: str) -> bool:
    lowered = password.lower()
    return lowered in common_passwords() or _ENDS.sub("", lowered) in common_passwords()


def _is_run(password: str) -> bool:
    return any(password.lower() in run for run in _RUNS)


def _looks_like_address(password: str, email: str) -> bool:
    lowered, local = password.lower(), email.lower().split("@")[0]
    return bool(local) and (lowered == email.lower() or _ENDS.sub("", lowered) == local)


def password_problems(password: str, *, email: str = "") -> list[str]:
    """What is wrong with a new password, in Vietnamese (empty when it is acceptable)."""
    if len(password) < MIN_LENGTH:
        return [f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự (hiện có {len(password)}); "
                "một câu ngắn dễ nhớ là lựa chọn tốt."]
    if len(password) > MAX_LENGTH:
        return [f"Mật khẩu dài tối đa {MAX_LENGTH} ký tự."]
    if len(set(password)) <= 2 or _is_run(password) or _is_common(password):
        return ["Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác (ví dụ một câu ngắn)."]
    if _looks_like_address(password, email):
        return ["Mật khẩu không được giống địa chỉ thư của tài khoản."]
    return []
