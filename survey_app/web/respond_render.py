"""The respondent's pages as HTML: the form's questions, and the blank form whole, rendered once per
questionnaire version and reused.

The page is mostly the same fieldsets again and again; only the chosen option and the error marks differ.
A snapshot never changes under its checksum, so its rendered parts can be kept for the life of the process.
"""

import gzip
import re
from dataclasses import dataclass

from flask import current_app, request
from markupsafe import Markup

from survey_app.web.gzip_parts import gzip_between, piece

#: Rendered parts kept per app (app.extensions["respondent_parts"]), by (checksum, kind, …); bounded by
#: clearing, since versions are few.
_LIMIT = 20_000
#: A blank form is kept as a page with these marks where the invitation's own values go: private-use
#: characters, which nothing else on the page contains.
_SLOT = "\ue000{}\ue001"
_SLOTS = re.compile("\ue000(\\w+)\ue001")
FORM = "respond/form.html"
#: gzip level of the respondent's pages: level 1 costs a third of level 6 on the form for 15% more bytes (5.9 KB
#: against 5.1 KB).
GZIP_LEVEL = 1


@dataclass(frozen=True)
class BlankForm:
    """The blank form split at its slots: UTF-8 texts with a slot name between each two, and each text
    deflated once (gzip_parts.piece) so a page is gzipped by framing only the invitation's own values."""

    texts: list[bytes]
    names: list[str]
    pieces: list[bytes]

    def values(self, own: dict[str, Markup]) -> list[bytes]:
        return [own[name].encode() for name in self.names]


def blank_page(context: dict, own: dict[str, Markup], *, gzipped: bool = False) -> bytes:
    """The blank form (no answers, no messages) as UTF-8, or its gzip, with the invitation's own values (`own`,
    HTML already).

    It is rendered once per questionnaire version, deadline and site root with a slot where each `own` value
    goes, and kept encoded and compressed: rendering it cost a sixth of a view, encoding it another 4%,
    compressing it whole 14%. `context` holds only what is the same for every invitation of the questionnaire.
    In debug mode the page is rendered whole, which tests compare with the kept one
    (tests/responses/test_hot_path.py).
    """
    if current_app.debug:
        page = render(FORM, **context, **own).encode()
        return gzip.compress(page, compresslevel=GZIP_LEVEL) if gzipped else page
    key = (context["checksum"], "blank-page", context["deadline"], request.script_root)
    form = _kept(key, lambda: _with_slots(context, own))
    values = form.values(own)
    if gzipped:
        return gzip_between(form.texts, form.pieces, values)
    page = [b""] * (len(form.texts) + len(values))
    page[0::2], page[1::2] = form.texts, values
    return b"".join(page)


def _with_slots(context: dict, names) -> BlankForm:
    """The form rendered with a slot mark for each name, split into UTF-8 texts and slot names."""
    parts = _SLOTS.split(render(FORM, **context, **{name: Markup(_SLOT.format(name)) for name in names}))
    texts = [part.encode() for part in parts[0::2]]
    return BlankForm(texts, parts[1::2], [piece(text, GZIP_LEVEL) for text in texts])


def render(template: str, **context) -> Markup:
    """A template with exactly this context: respondent pages need none of the staff pages' context
    processors (signed-in user, session), and skipping them saves about 5% of a view."""
    return Markup(current_app.jinja_env.get_template(template).render(**context))


def _kept(key: tuple, make):
    if current_app.debug:  # templates may change under the developer's hands
        return make()
    parts = current_app.extensions.setdefault("respondent_parts", {})
    part = parts.get(key)
    if part is None:
        if len(parts) > _LIMIT:
            parts.clear()
        part = parts[key] = make()
    return part


def numbering(checksum: str, q) -> dict[str, int]:
    """Question code → the number the respondent sees (1, 2, … across sections); codes are for machines."""
    return _kept((checksum, "numbers"), lambda: {question.code: i for i, question in enumerate(q.questions(), 1)})


def question_html(checksum: str, question, number: int, value: str | None, problem: str | None) -> Markup:
    """One question's fieldset; kept per version and chosen value unless it carries an error."""
    def make():
        return render("respond/_question.html", question=question, number=number, value=value, problem=problem)
    return make() if problem else _kept((checksum, "q", question.code, value), make)


def sections_html(checksum: str, q, answers: dict, problems: dict) -> Markup:
    """Every section with its questions, answers checked and problems marked (the blank form kept whole)."""
    if not answers and not problems:
        return _kept((checksum, "blank"), lambda: _sections_html(checksum, q, {}, {}))
    return _sections_html(checksum, q, answers, problems)


def _sections_html(checksum: str, q, answers: dict, problems: dict) -> Markup:
    numbers = numbering(checksum, q)
    parts = []
    for n, section in enumerate(q.sections, 1):
        parts.append(_kept((checksum, "section", section.code), lambda section=section, n=n: render(
            "respond/_section_head.html", section=section, n=n, total=len(q.sections))))
        parts.extend(question_html(checksum, question, numbers[question.code], answers.get(question.code),
                                   problems.get(question.code)) for question in section.questions)
        parts.append("</section>\n")
    return Markup("".join(parts))
