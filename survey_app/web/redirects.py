"""Where a sign-in may send the browser afterwards: only a path on this site, judged as the browser reads it.

A browser drops tabs and line breaks anywhere in a URL, trims spaces and control characters at its ends and
reads "\\" as "/", so "/\\t/evil.example", "/\\evil" and " //evil" all lead off-site. The target is normalised
the same way first, and the normalised form (the one that was checked) is the one sent.
"""

import re
from urllib.parse import urlsplit

_DROPPED = re.compile(r"[\t\n\r]")
_ENDS = "".join(chr(c) for c in range(0x21))


def browser_form(target: str) -> str:
    """The URL as a browser would parse it: tabs and newlines removed, ends trimmed, backslashes as slashes."""
    return _DROPPED.sub("", target).strip(_ENDS).replace("\\", "/")


def local_path(target: str | None) -> str | None:
    """`target` as a path on this site, or None when it could lead anywhere else."""
    if not target:
        return None
    path = browser_form(target)
    if not path.startswith("/") or path.startswith("//") or any(ord(c) < 0x20 or c == "\x7f" for c in path):
        return None
    parts = urlsplit(path)
    return path if not (parts.scheme or parts.netloc) else None
