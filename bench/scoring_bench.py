"""The scoring core at national scale on PostgreSQL: 34 provinces and every evaluated ministry, 60,000 submitted
responses. Each figure is printed beside the time merely to read the answers, measured in the same run.

Run: .venv/bin/python bench/scoring_bench.py [--responses 60000] [--resamples 1000]

It (re)creates the database `bench_scoring` on 127.0.0.1:5432 (user postgres), migrates it, creates a campaign
with the shipped par-2025 model through the services, and writes respondents, invitations and submitted
responses with COPY (random answers, about 5 % "don't know", seeded). Targets (issue 12): compute (read, score,
store) under 5 s; the bootstrap with 1,000 resamples under 60 s.
"""

import argparse
import secrets
import time
from datetime import timedelta

import numpy as np
from pg_database import seeded  # bench/ is on sys.path when a bench runs

DB_NAME = "bench_scoring"
#: Per province: invitations about the province by group, and how many department/division leaders also judge
#: their managing ministry; per ministry: its own groups. 34 × 1,400 + 34 × 250 + 15 × 260 = 60,000.
PROVINCE_GROUPS = {"HDND": 60, "LD_SO": 100, "LD_PHONG": 300, "LD_XA": 940}
MINISTRY_FROM_PROVINCE = {"LD_SO": 60, "LD_PHONG": 190}
MINISTRY_GROUPS = {"LD_VU": 150, "CC_CCHC": 80, "LD_HOI": 30}


def plan(provinces: list, ministries: list, scale: float) -> list[tuple]:
    """(issuer, unit, group, questionnaire code) for every invitation."""
    rows = []
    for p in provinces:
        for group, n in PROVINCE_GROUPS.items():
            rows += [(p, p, group, f"TINH_{group}")] * round(n * scale)
        for i, (group, n) in enumerate(MINISTRY_FROM_PROVINCE.items()):
            for k in range(round(n * scale)):
                rows.append((p, ministries[(k + i + provinces.index(p)) % len(ministries)], group, f"BO_{group}"))
    for m in ministries:
        for group, n in MINISTRY_GROUPS.items():
            rows += [(m, m, group, f"BO_{group}")] * round(n * scale)
    return rows


def seed(count: int):
    """The campaign and `count` submitted responses (scaled from the plan above)."""
    from survey_app.campaigns.services import create_campaign, open_campaign
    from survey_app.core.db import bulk_insert, db, reserve_ids, utcnow
    from survey_app.invitations.models import Invitation
    from survey_app.reference.models import list_localities
    from survey_app.respondents.models import Respondent, RespondentList
    from survey_app.responses.models import Response

    now = utcnow()
    campaign = create_campaign(code="BENCH", title="Bench", year=2025, model="par-2025", actor="bench",
                               list_deadline=now + timedelta(days=1), response_deadline=now + timedelta(days=30))
    open_campaign(campaign, actor="bench")
    localities = list_localities()
    lists = {loc.code: RespondentList(campaign_id=campaign.id, locality_id=loc.id, status="draft")
             for loc in localities}
    db.session.add_all(lists.values())
    db.session.flush()
    ids = {loc.code: loc.id for loc in localities}
    rows = plan([c for c in ids if c.isdigit()], sorted(c for c in ids if not c.isdigit()), count / 60000)
    questionnaires = {q.code: q for q in campaign.questionnaires}
    rng = np.random.default_rng(2025)
    people = reserve_ids(Respondent.__table__, len(rows))
    bulk_insert(Respondent.__table__, ["id", "list_id", "full_name", "position", "organisation", "group_code",
                                       "email", "phone", "note", "status", "extra_ministries"],
                [(pid, lists[issuer].id, f"Người {pid}", "Lãnh đạo", "Cơ quan", group, f"p{pid}@x.gov.vn", "", "",
                  "active", []) for pid, (issuer, _, group, _) in zip(people, rows, strict=True)])
    invitations = reserve_ids(Invitation.__table__, len(rows))
    bulk_insert(Invitation.__table__, ["id", "campaign_id", "respondent_id", "questionnaire_id", "locality_id",
                                       "evaluated_locality_id", "group_code", "nonce", "created_at", "submitted_at",
                                       "is_void"],
                [(iid, campaign.id, pid, questionnaires[q].id, ids[issuer], ids[unit], group, secrets.token_hex(8),
                  now, now, False) for iid, pid, (issuer, unit, group, q) in zip(invitations, people, rows,
                                                                                 strict=True)])
    bulk_insert(Response.__table__, ["invitation_id", "answers", "status", "started_at", "updated_at",
                                     "submitted_at", "active_seconds", "receipt"],
                [(iid, _answers(rng, questionnaires[q].definition), "submitted", now, now, now, 300, f"R{iid}")
                 for iid, (_, _, _, q) in zip(invitations, rows, strict=True)])
    db.session.commit()
    return campaign


def _answers(rng, definition: dict) -> dict:
    answers = {}
    for section in definition["sections"]:
        for question in section["questions"]:
            options = question["options"]
            scored = [o["value"] for o in options if o["score"] is not None]
            dont_know = [o["value"] for o in options if o["score"] is None]
            pick = dont_know[0] if dont_know and rng.random() < 0.05 else scored[int(rng.integers(len(scored)))]
            answers[question["code"]] = pick
    return answers


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(campaign, resamples: int) -> None:
    from survey_app.core.db import db
    from survey_app.scoring.bootstrap import with_intervals
    from survey_app.scoring.computing import compute_scores
    from survey_app.scoring.engine import compute
    from survey_app.scoring.reading import read_answers, read_inputs

    read = best_of(3, lambda: read_answers(campaign.id))
    rows = len(read_answers(campaign.id))
    full = best_of(3, lambda: (compute_scores(campaign, resamples=0, actor="bench"), db.session.commit()))
    data = read_inputs(campaign)
    results = compute(data)
    boot = best_of(1, lambda: with_intervals(data, results, resamples))
    units = len(results.units)
    print(f"submitted responses: {rows}, units: {units} "
          f"({sum(u.unit.level == 'province' for u in results.units)} provinces)")
    print(f"read the answers (baseline):            {read:6.2f} s")
    print(f"compute (read, score, store):           {full:6.2f} s  = {full / read:5.1f} × the read   (target < 5 s)")
    print(f"bootstrap ({resamples} resamples, in memory): {boot:6.2f} s  = {boot / read:5.1f} × the read   "
          f"(target < 60 s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=60000)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--reuse", action="store_true", help="measure the database seeded by a previous run")
    args = parser.parse_args()
    with seeded(DB_NAME, reuse=args.reuse, seed=lambda: seed(args.responses)) as (_, campaign):
        measure(campaign, args.resamples)


if __name__ == "__main__":
    main()
