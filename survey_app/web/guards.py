"""Input no view should ever see: NUL bytes, numbers past the database's integers, JSON nested without end.

Checked once for every request rather than in each view: a NUL byte or an oversized id is refused with
400/404 before any query can turn it into a database error (PostgreSQL refuses NUL in text and integers
above 2³¹−1; Python's JSON parser overflows its stack on deep nesting).
"""

import json

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from survey_app.core.errors import DomainError

#: The largest id a PostgreSQL integer column holds.
MAX_ID = 2**31 - 1
NUL_MESSAGE = "Dữ liệu gửi lên chứa ký tự rỗng (NUL), không hợp lệ. Hãy nhập lại nội dung."


class BoundedIntConverter(IntegerConverter):
    """<int:…> that matches only 0 … 2³¹−1: a larger number names nothing, so the URL is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits, min, max, signed)


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, turning a parser stack overflow (deep nesting) into a malformed body."""

    def loads(self, s, **kwargs):
        try:
            return json.loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON lồng nhau quá sâu.") from None


def int_arg(name: str, default: int | None = None) -> int | None:
    """A query parameter as an integer 0 … 2³¹−1, or `default` when absent, malformed or out of range."""
    return bounded_int(request.args.get(name, ""), default)


def bounded_int(text: str, default: int | None = None) -> int | None:
    """`text` as an integer 0 … 2³¹−1 in ASCII digits ("²" and "10^20" are not), else `default`."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 10) or int(text) > MAX_ID:
        return default
    return int(text)


def _nul_in(pairs) -> bool:
    return any("\x00" in (key or "") or "\x00" in (value or "") for key, value in pairs)


def _has_nul() -> bool:
    if "\x00" in request.path or "\x00" in request.headers.get("Authorization", ""):
        return True
    if _nul_in(request.cookies.items()) or _nul_in(request.args.items(multi=True)):
        return True
    if request.is_json:
        data = request.get_data(cache=True)
        return b"\x00" in data or b"\\u0000" in data
    return _nul_in(request.form.items(multi=True))


def refuse_nul() -> None:
    """400 for a NUL byte anywhere in the path, query, form, JSON body, cookies or bearer token."""
    if _has_nul():
        raise DomainError(NUL_MESSAGE, errors=[{"message": NUL_MESSAGE}])


def init_app(app: Flask) -> None:
    """Install the guards; called before the blueprints register, so every <int:> rule is bounded."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.json = GuardedJSONProvider(app)
    app.before_request(refuse_nul)
