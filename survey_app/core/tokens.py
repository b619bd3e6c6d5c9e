"""Signed tokens: the one wrapper around itsdangerous."""

import functools
import hashlib
import hmac

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


def mac(purpose: str, text: str) -> str:
    """A short keyed digest of `text` for `purpose`: for values that need no payload, only proof that this
    server made them for this text (a hundredth of the cost of `sign`)."""
    return hmac.new(_key(_secret, purpose), text.encode(), hashlib.sha256).hexdigest()[:32]


def mac_matches(purpose: str, text: str, value: str) -> bool:
    return hmac.compare_digest(mac(purpose, text), value)


@functools.lru_cache(maxsize=32)
def _key(secret: str | None, purpose: str) -> bytes:
    if not secret:
        raise RuntimeError("tokens.init_app was not called")
    return hashlib.sha256(f"survey_app.{purpose}:{secret}".encode()).digest()
