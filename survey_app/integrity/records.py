"""One submitted response as the detectors see it, and the JSON-lines file format of shared/API.md.

The same `Record` comes from an exported file (`read_jsonl`) and from the live database (integrity-desk's
reader), so the detectors never know which; `to_json` writes the file format back.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from survey_app.core.clock import parse_iso
from survey_app.core.errors import InvalidInput

#: Reading stops after this many problems: a wrong file usually repeats one mistake on every line.
MAX_PROBLEMS = 20
REQUIRED = ("response_id", "locality", "answers")
TEXT_FIELDS = ("locality", "group", "questionnaire")
OPAQUE_FIELDS = ("ip", "network", "device")
TIME_FIELDS = ("opened_at", "submitted_at")


@dataclass(frozen=True, slots=True)
class Record:
    """One submitted answer sheet: who it is about, when and from where it came, and its answers."""

    response_id: int | str
    locality: str
    group: str
    questionnaire: str
    opened_at: datetime | None
    submitted_at: datetime | None
    active_seconds: float | None
    ip: str | None
    network: str | None
    device: str | None
    #: Question code → option value; None = unanswered ("don't know" stays as its option value).
    answers: dict[str, str | None]


class LineProblem(ValueError):
    """One field of one line is wrong; the message is Vietnamese and names the field and value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def read_jsonl(lines: Iterable[str]) -> list[Record]:
    """Every record of a JSON-lines file; any bad line → InvalidInput listing each line, field and problem."""
    records: list[Record] = []
    problems: list[dict[str, Any]] = []
    seen: set[int | str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = parse_line(line)
            _check_unique(record, seen)
        except LineProblem as problem:
            problems.append({"line": number, "field": problem.field, "message": f"Dòng {number}: {problem}"})
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        records.append(record)
    if problems:
        raise InvalidInput(f"Tệp có {len(problems)} dòng sai; sửa các dòng dưới đây rồi chạy lại.", errors=problems)
    return records


def _check_unique(record: Record, seen: set[int | str]) -> None:
    if record.response_id in seen:
        raise LineProblem("response_id", f"response_id {record.response_id!r} đã xuất hiện ở một dòng trước; "
                                         "mỗi phiếu chỉ được có một dòng.")
    seen.add(record.response_id)


def parse_line(line: str) -> Record:
    """One line of the file as a Record; raises LineProblem naming the first wrong field."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineProblem("", f"không phải là JSON hợp lệ ({error.msg}, ký tự {error.pos + 1}).") from None
    if not isinstance(data, dict):
        raise LineProblem("", "mỗi dòng phải là một đối tượng JSON {…}.")
    for key in REQUIRED:
        if data.get(key) is None:
            raise LineProblem(key, f"thiếu trường bắt buộc '{key}'.")
    ip = _opaque(data, "ip")
    return Record(
        response_id=_response_id(data["response_id"]),
        locality=_text(data, "locality"), group=_text(data, "group"), questionnaire=_text(data, "questionnaire"),
        opened_at=_time(data, "opened_at"), submitted_at=_time(data, "submitted_at"),
        active_seconds=_seconds(data.get("active_seconds")),
        ip=ip, network=_opaque(data, "network") or ipv4_network(ip), device=_opaque(data, "device"),
        answers=_answers(data["answers"]))


def _response_id(value: Any) -> int | str:
    if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
        raise LineProblem("response_id", f"response_id {value!r} phải là một số nguyên hoặc một chuỗi không rỗng.")
    return value


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise LineProblem(key, f"trường '{key}' = {value!r} phải là một chuỗi (mã).")
    return value.strip()


def _opaque(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise LineProblem(key, f"trường '{key}' = {value!r} phải là một chuỗi hoặc null.")
    return str(value)


def _time(data: dict[str, Any], key: str) -> datetime | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    try:
        return parse_iso(value).astimezone(UTC)
    except (TypeError, ValueError, AttributeError):
        raise LineProblem(key, f"trường '{key}' = {value!r} không phải là thời điểm ISO 8601 "
                               "(ví dụ 2025-11-20T09:15:00+07:00).") from None


def _seconds(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise LineProblem("active_seconds", f"active_seconds = {value!r} phải là một số giây không âm hoặc null.")
    return float(value)


def _answers(value: Any) -> dict[str, str | None]:
    if not isinstance(value, dict):
        raise LineProblem("answers", "trường 'answers' phải là một đối tượng {\"mã câu\": giá trị}.")
    return {str(code): answer if type(answer) is str and answer else _answer(code, answer)
            for code, answer in value.items()}


def _answer(code: str, value: Any) -> str | None:
    """An option value as text: numbers as written ("4", not "4.0"); a list (several options) joined."""
    if type(value) is str:
        return value or None
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ",".join(sorted(_answer(code, item) or "" for item in value))
    raise LineProblem(f"answers.{code}", f"câu '{code}' có giá trị {value!r}; cần một giá trị phương án hoặc null.")


def ipv4_network(ip: str | None) -> str | None:
    """The /24 network of an IPv4 address ("203.0.113.0/24"), or None for anything else (hashes, IPv6)."""
    if not ip:
        return None
    parts = ip.strip().split(".")
    if len(parts) != 4 or not all(part.isdigit() and int(part) < 256 for part in parts):
        return None
    return f"{int(parts[0])}.{int(parts[1])}.{int(parts[2])}.0/24"


def to_json(record: Record) -> dict[str, Any]:
    """The record in the file format of shared/API.md ("network" only when set)."""
    data: dict[str, Any] = {
        "response_id": record.response_id, "locality": record.locality, "group": record.group,
        "questionnaire": record.questionnaire, "opened_at": _iso(record.opened_at),
        "submitted_at": _iso(record.submitted_at), "active_seconds": record.active_seconds,
        "ip": record.ip, "device": record.device, "answers": dict(record.answers)}
    if record.network is not None:
        data["network"] = record.network
    return data


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
