"""Speed of `flask integrity analyze` on a national campaign file (issue 11 point 9, file part).

Run: .venv/bin/python bench/integrity_bench.py [--responses 60000]

Writes a simulated campaign (integrity_campaign.py: 34 provinces, honest noise, interference planted in four) as
a JSON-lines file, then runs, each in a fresh process: merely reading the file (json + the record checks), and
`flask integrity analyze FILE` (read, every detector, output). Prints wall time and peak memory (maximum resident
set size) of each. Targets: analyse under 20 s and under 1 GB.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from integrity_campaign import campaign, write  # noqa: E402

READ_ONLY = ("import sys; from survey_app.integrity.records import read_jsonl; "
             "print(len(read_jsonl(open(sys.argv[1], encoding='utf-8'))))")
PLANS = {"03": [("proxy", 0.02)], "11": [("copies", 0.03)], "19": [("meeting", 0.04)],
         "27": [("proxy", 0.01), ("copies", 0.01), ("meeting", 0.01)]}


def measured(command: list[str]) -> tuple[float, float, bytes]:
    """(seconds, peak resident megabytes, stdout) of one child process."""
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(err.decode())
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=60000)
    args = parser.parse_args()
    mean = args.responses / 34
    made = campaign(2026, PLANS, (round(mean * 0.85), round(mean * 1.15)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "campaign.jsonl"
        write(made, path)
        size = path.stat().st_size / 1e6
        print(f"{len(made.lines)} responses, file {size:.1f} MB")
        read_s, read_mb, _ = measured([sys.executable, "-c", READ_ONLY, str(path)])
        print(f"read only:            {read_s:6.2f} s   peak {read_mb:6.0f} MB   (baseline)")
        run_s, run_mb, out = measured([sys.executable, "-m", "flask", "--app", "wsgi", "integrity", "analyze",
                                       str(path)])
        print(f"flask integrity analyze: {run_s:6.2f} s   peak {run_mb:6.0f} MB   "
              f"(target < 20 s, < 1024 MB; {run_s / read_s:.1f}× the read)")
        print(f"output: {len(out) / 1e6:.1f} MB of JSON")


if __name__ == "__main__":
    main()
