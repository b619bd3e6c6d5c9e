"""Quality of the integrity detectors on simulated national campaigns (issue 11 point 5).

Run: .venv/bin/python bench/integrity_sim.py [--seeds 1 2 3] [--small]

Each seed: 34 provinces of 150–900 sheets with honest noise (integrity_campaign.py), interference planted in ten
provinces at several intensities (2–10 % of a province, one kind or three mixed). The campaign is written as a
JSON-lines file and analysed by the same code as `flask integrity analyze`. Printed per seed and overall:
planted provinces found (a medium or high flag; target ≥ 95 %), honest provinces flagged medium or high (target
≤ 2 %), and response-level precision, recall and F1 of the medium/high flags (target F1 ≥ 0.9).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from integrity_campaign import HARD, Style, campaign, write  # noqa: E402

from survey_app.integrity.analysis import analyze  # noqa: E402
from survey_app.integrity.records import read_jsonl  # noqa: E402

PLANS = [[("proxy", 0.02)], [("proxy", 0.06)], [("copies", 0.03)], [("copies", 0.08)], [("meeting", 0.03)],
         [("meeting", 0.10)], [("proxy", 0.01), ("copies", 0.015), ("meeting", 0.02)],
         [("copies", 0.02), ("meeting", 0.02)], [("proxy", 0.02), ("copies", 0.02)], [("meeting", 0.05)]]


def plans_for(seed: int) -> dict:
    """Ten provinces, different each seed, each with one plan."""
    codes = [f"{(seed * 7 + 3 * n) % 34 + 1:02d}" for n in range(len(PLANS))]
    return dict(zip(codes, PLANS, strict=True))


def score(result: dict, planted: dict[str, set[str]]) -> dict:
    """Provinces found, honest provinces flagged, and response-level counts of the medium/high flags."""
    serious = [flag for flag in result["flags"] if flag["severity"] in ("medium", "high")]
    flagged = {flag["locality"] for flag in serious}
    predicted = {str(rid) for flag in serious for rid in flag["response_ids"]}
    truth = set().union(*planted.values())
    honest = {row["code"] for row in result["localities"]} - set(planted)
    return {"found": len(flagged & set(planted)), "planted": len(planted), "honest_flagged": len(flagged & honest),
            "honest": len(honest), "tp": len(predicted & truth), "fp": len(predicted - truth),
            "fn": len(truth - predicted), "flags": serious}


def run(seed: int, sizes: tuple[int, int], style: Style) -> dict:
    made = campaign(seed, plans_for(seed), sizes, style)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "campaign.jsonl"
        write(made, path)
        started = time.perf_counter()
        with open(path, encoding="utf-8") as lines:
            result = analyze(read_jsonl(lines))
        seconds = time.perf_counter() - started
    return {**score(result, made.planted), "seconds": seconds, "sheets": len(made.lines)}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--small", action="store_true", help="provinces of 150–300 sheets (quick check)")
    parser.add_argument("--hard", action="store_true", help="the hard style of integrity_campaign.Style")
    parser.add_argument("--verbose", action="store_true", help="print every medium/high flag")
    args = parser.parse_args()
    total = {"found": 0, "planted": 0, "honest_flagged": 0, "honest": 0, "tp": 0, "fp": 0, "fn": 0}
    for seed in args.seeds:
        row = run(seed, (150, 300) if args.small else (150, 900), HARD if args.hard else Style())
        precision, recall, score_f1 = f1(row["tp"], row["fp"], row["fn"])
        print(f"seed {seed}: {row['sheets']} sheets in {row['seconds']:.1f} s; planted provinces found "
              f"{row['found']}/{row['planted']}; honest flagged {row['honest_flagged']}/{row['honest']}; "
              f"precision {precision:.3f} recall {recall:.3f} F1 {score_f1:.3f}")
        if args.verbose:
            for flag in row["flags"]:
                print("   ", flag["locality"], flag["rule"], flag["severity"], len(flag["response_ids"]),
                      {k: v for k, v in flag["evidence"].items() if k != "summary"})
        total = {key: total[key] + row[key] for key in total}
    precision, recall, score_f1 = f1(total["tp"], total["fp"], total["fn"])
    print(f"overall: planted provinces found {total['found'] / total['planted']:.1%} (target ≥ 95 %); honest "
          f"flagged {total['honest_flagged'] / total['honest']:.1%} (target ≤ 2 %); precision {precision:.3f} "
          f"recall {recall:.3f} F1 {score_f1:.3f} (target ≥ 0.9)")


if __name__ == "__main__":
    main()
