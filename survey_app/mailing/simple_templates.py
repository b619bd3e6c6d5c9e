"""Email templates written as plain text with named placeholders ("[người nhận]"), turned into the Jinja
templates the mail renderer uses. Nothing typed in the form is read as template code: only the named
placeholders become expressions, so an officer cannot write something the renderer cannot render."""

import re

from markupsafe import escape

from survey_app.core.errors import InvalidInput
from survey_app.mailing.campaign_templates import ensure_kind, save_templates

#: placeholder → (what it stands for, its text form, its HTML form).
PLACEHOLDERS = {
    "người nhận": ("Họ và tên người nhận", "{{ respondent.full_name }}", "{{ respondent.full_name }}"),
    "địa phương": ("Tỉnh hoặc bộ của người nhận", "{{ locality.name }}", "{{ locality.name }}"),
    "năm": ("Năm đánh giá", "{{ campaign.year }}", "{{ campaign.year }}"),
    "tên kỳ khảo sát": ("Tên kỳ khảo sát", "{{ campaign.title }}", "{{ campaign.title }}"),
    "hạn trả lời": ("Hạn trả lời phiếu", "{{ campaign.response_deadline | show }}",
                    "{{ campaign.response_deadline | show }}"),
    "đường dẫn": ("Các phiếu người nhận còn phải trả lời, mỗi phiếu một đường dẫn riêng",
                  "{% for item in links %}\n{{ loop.index }}. {{ item.title }} (đánh giá: {{ item.about }})\n"
                  "   {{ item.url }}\n{% endfor %}",
                  "</p><ol>{% for item in links %}<li><a href=\"{{ item.url }}\">{{ item.title }}</a> "
                  "(đánh giá: {{ item.about }})</li>{% endfor %}</ol><p>"),
}
_FIELD = re.compile(r"\[([^\[\]\n]{1,40})\]")

DEFAULT_BODIES = {
    "invite": "Kính gửi [người nhận],\n\nBộ Nội vụ trân trọng mời anh/chị trả lời phiếu điều tra xã hội học phục vụ "
              "xác định Chỉ số cải cách hành chính (PAR INDEX) năm [năm].\n\n[đường dẫn]\n\nMỗi đường dẫn dành "
              "riêng cho anh/chị; xin đừng chuyển tiếp thư này. Hạn trả lời: [hạn trả lời].\n\nNếu gặp khó khăn, "
              "xin liên hệ Sở Nội vụ/đơn vị đầu mối của [địa phương], hoặc Vụ Cải cách hành chính, Bộ Nội vụ."
              "\n\nTrân trọng,\nBộ Nội vụ",
    "reminder": "Kính gửi [người nhận],\n\nBộ Nội vụ chưa nhận được phiếu trả lời của anh/chị cho đợt khảo sát Chỉ "
                "số cải cách hành chính (PAR INDEX) năm [năm]. Hạn trả lời là [hạn trả lời].\n\n[đường dẫn]\n\n"
                "Nếu gặp khó khăn, xin liên hệ Sở Nội vụ/đơn vị đầu mối của [địa phương], hoặc Vụ Cải cách hành "
                "chính, Bộ Nội vụ.\n\nTrân trọng,\nBộ Nội vụ",
}
DEFAULT_SUBJECTS = {"invite": "[Bộ Nội vụ] Mời anh/chị trả lời phiếu khảo sát Chỉ số CCHC (PAR INDEX) [năm]",
                    "reminder": "[Bộ Nội vụ] Nhắc trả lời phiếu khảo sát Chỉ số CCHC (PAR INDEX) [năm]"}


def _unknown(field: str, text: str) -> list[dict]:
    names = {m.group(1).strip().lower() for m in _FIELD.finditer(text)} - set(PLACEHOLDERS) - {"bộ nội vụ"}
    return [{"field": field, "message": f"Chỗ điền '[{name}]' không có trong danh sách; chọn một trong: "
             + ", ".join(f"[{p}]" for p in PLACEHOLDERS) + "."} for name in sorted(names)]


def check_simple(subject: str, body: str) -> None:
    """InvalidInput naming each unknown placeholder, an empty part, or links in the subject."""
    errors = _unknown("subject", subject) + _unknown("body", body)
    if not subject.strip():
        errors.append({"field": "subject", "message": "Tiêu đề đang để trống."})
    if "[đường dẫn]" in subject.lower():
        errors.append({"field": "subject",
                       "message": "Tiêu đề không chứa được [đường dẫn]; hãy đặt nó trong nội dung."})
    if "[đường dẫn]" not in body.lower():
        errors.append({"field": "body", "message": "Nội dung cần có [đường dẫn]: thiếu nó, người nhận không có "
                                                   "đường dẫn tới phiếu."})
    if errors:
        raise InvalidInput("Mẫu thư có lỗi: " + " ".join(e["message"] for e in errors), errors=errors)


def _raw(text: str) -> str:
    """Literal text: each "{" is written by an expression, so no typed text can open a Jinja tag."""
    return text.replace("{", "{{ '{' }}")


def _expand(text: str, form: int, literal) -> str:
    out, last = [], 0
    for match in _FIELD.finditer(text):
        name = match.group(1).strip().lower()
        if name in PLACEHOLDERS:
            out += [literal(text[last:match.start()]), PLACEHOLDERS[name][form]]
            last = match.end()
    return "".join(out + [literal(text[last:])])


def _html_literal(text: str) -> str:
    paragraphs = str(escape(text)).split("\n\n")
    return _raw("</p>\n<p>".join(p.replace("\n", "<br>\n") for p in paragraphs))


def to_sources(subject: str, body: str) -> dict[str, str]:
    """{subject, text, html} Jinja sources for the renderer; check_simple first."""
    check_simple(subject, body)
    text = body.replace("\r\n", "\n")
    html = "<p>" + _expand(text, 2, _html_literal) + "</p>"
    return {"subject": _expand(subject.replace("\n", " "), 1, _raw),
            "text": _expand(text, 1, _raw), "html": html}


def current_simple(campaign, kind: str) -> dict[str, str]:
    """{subject, body} as last saved through the form, else the shipped wording."""
    own = (campaign.settings or {}).get("mail_simple", {}).get(ensure_kind(kind))
    return own or {"subject": DEFAULT_SUBJECTS[kind], "body": DEFAULT_BODIES[kind]}


def save_simple(campaign, kind: str, subject: str, body: str, *, actor) -> None:
    """Save the form's wording as the campaign's template for `kind` (checked first; audited by save_templates)."""
    save_templates(campaign, kind, to_sources(subject, body), actor=actor)
    simple = dict((campaign.settings or {}).get("mail_simple", {}))
    simple[kind] = {"subject": subject, "body": body.replace("\r\n", "\n")}
    campaign.settings = {**campaign.settings, "mail_simple": simple}


def reset_simple(campaign, kind: str, *, actor) -> None:
    """Back to the shipped template and wording for `kind` (audited by save_templates)."""
    save_templates(campaign, kind, None, actor=actor)
    simple = dict((campaign.settings or {}).get("mail_simple", {}))
    simple.pop(kind, None)
    campaign.settings = {**campaign.settings, "mail_simple": simple}
