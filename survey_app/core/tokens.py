"""Signed tokens (the one wrapper around itsdangerous) and keyed digests, under the current app's SECRET_KEY."""

import functools
import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


class BadToken(Exception):
    """The token is forged, damaged or made for another purpose."""


def init_app(app) -> None:
    """Refuse an app without a signing key: tokens read it from the current app's SECRET_KEY."""
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: links and form tokens cannot be signed")


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _serializer(purpose: str) -> URLSafeSerializer:
    # Built once per key and purpose (a mail batch signs thousands of links); keyed by the secret, so two apps
    # with different keys never share one.
    return _serializers(_secret(), purpose)


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
    return hmac.new(_key(_secret(), purpose), text.encode(), hashlib.sha256).hexdigest()[:32]


def mac_matches(purpose: str, text: str, value: str) -> bool:
    """Whether `value` is the digest `mac` makes; as bytes, since a posted value may hold any character."""
    return hmac.compare_digest(mac(purpose, text).encode(), value.encode())


@functools.lru_cache(maxsize=32)
def _key(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"survey_app.{purpose}:{secret}".encode()).digest()
