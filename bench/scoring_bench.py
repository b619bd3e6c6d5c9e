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

import numpy as np
from national_plan import answers, best_of, seed_people  # bench/ is on sys.path when a bench runs
from pg_database import seeded

DB_NAME = "bench_scoring"


def seed(count: int):
    """The campaign and `count` submitted responses (scaled from the national plan)."""
    from survey_app.core.db import bulk_insert, db, reserve_ids
    from survey_app.invitations.models import Invitation
    from survey_app.responses.models import Response

    seeded = seed_people(count, list_fields={"status": "draft"}, days_to_lists=1, days_to_answers=30)
    now, ids, questionnaires, rng = seeded.now, seeded.ids, seeded.questionnaires, np.random.default_rng(2025)
    invitations = reserve_ids(Invitation.__table__, len(seeded.rows))
    bulk_insert(Invitation.__table__, ["id", "campaign_id", "respondent_id", "questionnaire_id", "locality_id",
                                       "evaluated_locality_id", "group_code", "nonce", "created_at", "submitted_at",
                                       "is_void"],
                [(iid, seeded.campaign.id, pid, questionnaires[q].id, ids[issuer], ids[unit], group,
                  secrets.token_hex(8), now, now, False)
                 for iid, pid, (issuer, unit, group, q) in zip(invitations, seeded.people, seeded.rows, strict=True)])
    bulk_insert(Response.__table__, ["invitation_id", "answers", "status", "started_at", "updated_at",
                                     "submitted_at", "active_seconds", "receipt"],
                [(iid, answers(rng, questionnaires[q].definition), "submitted", now, now, now, 300, f"R{iid}")
                 for iid, (_, _, _, q) in zip(invitations, seeded.rows, strict=True)])
    db.session.commit()
    return seeded.campaign


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
