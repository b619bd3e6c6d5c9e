"""Email texts: Jinja templates under templates/emails, rendered outside any request."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from survey_app.core.clock import show

_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "emails"
_env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["show"] = show


def render_mail(kind: str, **context) -> tuple[str, str, str]:
    """(subject, plain text, html) of the message `kind` (invite, reminder)."""
    subject = _env.get_template(f"{kind}.subject.txt").render(**context).strip()
    text = _env.get_template(f"{kind}.txt").render(**context)
    html = _env.get_template(f"{kind}.html").render(**context)
    return subject, text, html
