"""A mailbox address as official mail servers take it: ASCII only, an internationalised domain in IDNA form."""

from email_validator import EmailNotValidError, validate_email


def ascii_mailbox(value: str) -> str | None:
    """The address lower-cased with its domain in IDNA ("xn--…") form, or None if it is not a valid ASCII mailbox.

    Official mail servers take neither non-ASCII mailbox names (SMTPUTF8) nor raw Unicode domains in
    headers, so a Vietnamese domain ("nghệan.gov.vn") is converted here, once, at the door.
    """
    try:
        result = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    return result.ascii_email.lower() if result.ascii_email else None
