"""Signed tokens (the one wrapper around itsdangerous) and keyed digests."""

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


def _bound_secret() -> str:
    if not _secret:
        raise RuntimeError("tokens.init_app was not called")
    return _secret


def _serializer(purpose: str) -> URLSafeSerializer:
    # Built once per key and purpose: a mail batch signs thousands of links.
    return _serializers(_bound_secret(), purpose)


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
    server made them for this text (a sixth of the cost of `sign`)."""
    return hmac.new(_key(_bound_secret(), purpose), text.encode(), hashlib.sha256).hexdigest()[:32]


def mac_matches(purpose: str, text: str, value: str) -> bool:
    """Whether `value` is the digest `mac` makes; as bytes, since a posted value may hold any character."""
    return hmac.compare_digest(mac(purpose, text).encode(), value.encode())


@functools.lru_cache(maxsize=32)
def _key(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"survey_app.{purpose}:{secret}".encode()).digest()
