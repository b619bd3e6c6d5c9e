"""Speed of `flask integrity analyze` on a national campaign file (issue 11 point 9, file part).

Run: .venv/bin/python bench/integrity_bench.py [--responses 60000]

Writes a simulated campaign (integrity_campaign.py: 34 provinces, honest noise, interference planted in four) as
a JSON-lines file, then runs, each in a fresh process: merely reading the file (json + the record checks), and
`flask integrity analyze FILE` (read, every detector, output). Prints wall time, CPU time and peak memory
(maximum resident set size) of each, and the machine's load (on a shared machine the CPU time is the steadier
figure). Targets: analyse under 20 s and under 1 GB.
"""

import argparse
import os
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


def measured(command: list[str], output: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident megabytes) of one child process (its stdout to `output`)."""
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}
    started = time.perf_counter()
    with open(output, "wb") as out:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"{command} failed ({status})")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


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
        out = Path(folder) / "out.json"
        read = measured([sys.executable, "-c", READ_ONLY, str(path)], out)
        run = measured([sys.executable, "-m", "flask", "--app", "wsgi", "integrity", "analyze", str(path)], out)
        for name, (wall, cpu, peak) in (("read only (baseline)", read), ("flask integrity analyze", run)):
            print(f"{name:24} wall {wall:6.2f} s   CPU {cpu:6.2f} s   peak {peak:5.0f} MB")
        print(f"analyze ÷ read: wall {run[0] / read[0]:.1f}×, CPU {run[1] / read[1]:.1f}×; targets < 20 s, < 1024 MB; "
              f"output {out.stat().st_size / 1e6:.1f} MB of JSON; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
