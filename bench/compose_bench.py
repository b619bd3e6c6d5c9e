"""Time build_message against email.message.EmailMessage for the same 2,000 invitations.

Run: .venv/bin/python bench/compose_bench.py
"""

import sys
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey_app.mailing.compose import build_message, make_message_id

COUNT = 2000
FROM = "Bộ Nội vụ – Vụ Cải cách hành chính <khaosat@moha.gov.vn>"
SUBJECT = "Thư mời tham gia khảo sát Chỉ số cải cách hành chính năm 2025 (PAR INDEX)"
TEXT = "Kính gửi ông/bà {name},\n\nXin mời trả lời phiếu khảo sát tại: https://khaosat.moha.gov.vn/s/{key}\n" * 8
HTML = "<p>Kính gửi ông/bà <b>{name}</b>,</p><p><a href='https://khaosat.moha.gov.vn/s/{key}'>Trả lời</a></p>" * 8
NAME = "Nguyễn Văn Ánh"


def ours(key: int, date: datetime) -> bytes:
    return build_message(
        message_id=make_message_id(key, "moha.gov.vn"), from_header=FROM,
        to=f"nguoinhan{key}@hanoi.gov.vn", subject=SUBJECT,
        text=TEXT.format(name=NAME, key=key), html=HTML.format(name=NAME, key=key), date=date,
    )


def stdlib(key: int, date: datetime) -> bytes:
    msg = EmailMessage()
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = make_message_id(key, "moha.gov.vn")
    msg["From"] = FROM
    msg["To"] = f"nguoinhan{key}@hanoi.gov.vn"
    msg["Subject"] = SUBJECT
    msg.set_content(TEXT.format(name=NAME, key=key))
    msg.add_alternative(HTML.format(name=NAME, key=key), subtype="html")
    return msg.as_bytes()


def timed(build) -> float:
    date = datetime.now(UTC)
    start = time.perf_counter()
    for key in range(COUNT):
        build(key, date)
    return time.perf_counter() - start


def main() -> None:
    fast, slow = timed(ours), timed(stdlib)
    print(f"build_message: {fast / COUNT * 1e6:8.1f} µs/message")
    print(f"EmailMessage:  {slow / COUNT * 1e6:8.1f} µs/message")
    print(f"ratio (EmailMessage / build_message): {slow / fast:.1f}×")


if __name__ == "__main__":
    main()
