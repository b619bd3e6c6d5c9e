"""Named domain errors; the web layer maps each to an HTTP status and a Vietnamese page."""


class DomainError(Exception):
    """A business rule refused the action; `message` is shown to the user."""

    status = 400

    def __init__(self, message: str, *, errors: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class NotFound(DomainError):
    """The object does not exist, or belongs to another locality (never say which)."""

    status = 404


class NotAllowed(DomainError):
    """The role may not do this."""

    status = 403


class InvalidState(DomainError):
    """The object's state or a deadline forbids the action."""

    status = 409


class InvalidInput(DomainError):
    """The input is wrong; `errors` lists each problem with its field or row and column."""

    status = 422
