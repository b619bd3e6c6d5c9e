"""`flask integrity analyze FILE.jsonl` prints the analysis as JSON and never needs a database."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: No server listens there: any attempt to use the database would fail the command.
NOWHERE = "postgresql://nobody@127.0.0.1:9/none"


def _line(number: int, device: str, locality: str = "01") -> str:
    return json.dumps({"response_id": number, "locality": locality, "group": "HDND", "questionnaire": "TINH_HDND",
                       "opened_at": None, "submitted_at": f"2025-11-20T09:{number % 60:02d}:00+07:00",
                       "active_seconds": 400, "ip": f"10.1.{number}.9", "device": device,
                       "answers": {"q1": str(number % 4 + 1), "q2": str(number * 7 % 4 + 1)}})


def _run(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": NOWHERE}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "integrity", "analyze", str(path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_analyze_prints_flags_and_risks_without_a_database(tmp_path):
    lines = [_line(n, "one-phone" if n < 9 else f"phone-{n}") for n in range(60)]
    lines += [_line(n, f"phone-{n}", locality="02") for n in range(60, 120)]
    path = tmp_path / "campaign.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = _run(path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    [flag] = [flag for flag in result["flags"] if flag["severity"] != "low"]
    assert flag["rule"] == "shared_device" and flag["locality"] == "01"
    assert flag["response_ids"] == list(range(9)) and flag["cluster"] == "device:one-phone"
    assert {"rule", "locality", "severity", "response_ids", "evidence", "cluster"} == set(flag)
    assert [row["code"] for row in result["localities"]] == ["01", "02"]
    assert all(0 <= row["risk"] <= 1 for row in result["localities"])


def test_a_bad_file_names_the_line_and_field_and_exits_non_zero(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(_line(1, "a") + "\n" + _line(2, "b").replace('"01"', "null") + "\n", encoding="utf-8")
    done = _run(path)
    assert done.returncode == 2 and done.stdout == ""
    assert "Dòng 2" in done.stderr and "locality" in done.stderr
