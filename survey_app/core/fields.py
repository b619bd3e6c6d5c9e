"""Checks of free text against the room its column has, before anything is written."""

from survey_app.core.errors import InvalidInput


def ensure_fits(field: str, label: str, value: str, limit: int) -> None:
    """InvalidInput naming the field unless `value` has at most `limit` characters."""
    if len(value) > limit:
        message = f"{label} dài {len(value)} ký tự, vượt quá {limit} ký tự cho phép. Hãy rút gọn."
        raise InvalidInput(message, errors=[{"field": field, "message": message}])
