"""Signed tokens: the one wrapper around itsdangerous."""

import functools

from itsdangerous import BadSignature, URLSafeSerializer

_secret: str | None = None


class BadToken(Exception):
    """The token is forged, damaged or made for another purpose."""


def init_app(app) -> None:
    """Bind the signing key from the app's SECRET_KEY."""
    global _secret
    _secret = app.config["SECRET_KEY"]


def _serializer(purpose: str) -> URLSafeSerializer:
    if not _secret:
        raise RuntimeError("tokens.init_app was not called")
    # Built once per key and purpose: a mail batch signs thousands of links.
    return _serializers(_secret, purpose)


@functools.lru_cache(maxsize=32)
def _serializers(secret: str, purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=f"survey_app.{purpose}")


def sign(purpose: str, data) -> str:
    """A URL-safe token carrying `data`, valid only for `purpose`."""
    return _serializer(purpose).dumps(data)


def unsign(purpose: str, token: str):
    """The data inside a token made by `sign` for the same purpose; raises BadToken otherwise."""
    try:
        return _serializer(purpose).loads(token)
    except BadSignature as exc:
        raise BadToken(str(exc)) from exc
