"""The integrity scan at national scale on PostgreSQL: 60,000 submitted responses (34 provinces and every
evaluated ministry), each with keyed device and network hashes and submission times over three weeks. Every
figure is printed beside the time merely to read the same rows, measured in the same run.

Run: .venv/bin/python bench/integrity_scan_bench.py [--responses 60000] [--reuse]

It (re)creates the database `bench_integrity` on 127.0.0.1:5432 (user postgres), migrates it, and seeds the
national campaign of bench/national_plan.py (as the scoring bench does), adding hashes and times (seeded). Target
(issue 11 item 9): the scan of 60,000 responses in under 20 s.
"""

import argparse
import hashlib
import secrets
from datetime import timedelta

import numpy as np
from national_plan import answers, best_of, seed_people  # bench/ is on sys.path when a bench runs
from pg_database import seeded

DB_NAME = "bench_integrity"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def seed(count: int):
    """The campaign and `count` submitted responses with hashes: an office network per organisation slot,
    a device per person (one in fifty shares a colleague's; in Hà Nội one phone answers for about 1 %),
    submitted over 21 days of office hours."""
    from survey_app.core.db import bulk_insert, db, reserve_ids
    from survey_app.invitations.models import Invitation
    from survey_app.responses.models import Response

    seeded = seed_people(count, list_fields={"status": "draft"}, days_to_lists=1, days_to_answers=30)
    ids, rows, questionnaires, rng = seeded.ids, seeded.rows, seeded.questionnaires, np.random.default_rng(2025)
    invitations = reserve_ids(Invitation.__table__, len(rows))
    start = seeded.now - timedelta(days=21)
    times = [start + timedelta(days=int(rng.integers(21)), hours=float(7.5 + rng.uniform(0, 9.5)))
             for _ in rows]
    bulk_insert(Invitation.__table__, ["id", "campaign_id", "respondent_id", "questionnaire_id", "locality_id",
                                       "evaluated_locality_id", "group_code", "nonce", "created_at", "opened_at",
                                       "submitted_at", "is_void"],
                [(iid, seeded.campaign.id, pid, questionnaires[q].id, ids[issuer], ids[unit], group,
                  secrets.token_hex(8), start, at - timedelta(minutes=12), at, False)
                 for iid, pid, (issuer, unit, group, q), at in zip(invitations, seeded.people, rows, times,
                                                                   strict=True)])
    bulk_insert(Response.__table__, ["invitation_id", "answers", "status", "started_at", "updated_at",
                                     "submitted_at", "active_seconds", "receipt", "device_hash", "ip_hash",
                                     "ip_prefix_hash", "user_agent_hash"],
                [_response(rng, iid, questionnaires[q].definition, issuer, at)
                 for iid, (issuer, _, _, q), at in zip(invitations, rows, times, strict=True)])
    db.session.commit()
    return seeded.campaign


def _response(rng, iid: int, definition: dict, issuer: str, at) -> tuple:
    office = int(rng.integers(60))
    person = iid - 1 if rng.random() < 0.02 else iid
    if issuer == "01" and rng.random() < 0.01:  # planted: one phone answers for about fourteen people
        person = -1
    seconds = int(rng.lognormal(np.log(540), 0.5))
    return (iid, answers(rng, definition), "submitted", at - timedelta(seconds=seconds), at, at,
            seconds, f"R{iid}", _hash(f"device:{person}"), _hash(f"ip:{issuer}:{office}:{iid % 7}"),
            _hash(f"net:{issuer}:{office}"), _hash(f"ua:{iid % 4}"))


def measure(campaign) -> None:
    from survey_app.core.db import db
    from survey_app.integrity.analysis import analyze
    from survey_app.integrity.export import _query, read_records
    from survey_app.integrity.scan import scan_campaign

    raw = best_of(3, lambda: db.session.execute(_query(campaign.id)).all())
    reader = best_of(3, lambda: read_records(campaign))
    records = read_records(campaign)
    analysis = best_of(1, lambda: analyze(records))
    first = best_of(1, lambda: (scan_campaign(campaign, actor="bench"), db.session.commit()))
    again = best_of(1, lambda: (scan_campaign(campaign, actor="bench"), db.session.commit()))
    flags = len(scan_campaign(campaign, actor="bench").result["flags"])
    db.session.rollback()
    print(f"submitted responses: {len(records)}, flags: {flags}")
    print(f"read the rows (baseline):                {raw:6.2f} s")
    print(f"read them as detector records:           {reader:6.2f} s  = {reader / raw:5.1f} × the read")
    print(f"analyse in memory:                       {analysis:6.2f} s  = {analysis / raw:5.1f} × the read")
    print(f"scan (read, analyse, store the flags):   {first:6.2f} s  = {first / raw:5.1f} × the read   "
          "(target < 20 s)")
    print(f"re-scan (idempotent: nothing new):       {again:6.2f} s  = {again / raw:5.1f} × the read")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=60000)
    parser.add_argument("--reuse", action="store_true", help="measure the database seeded by a previous run")
    args = parser.parse_args()
    with seeded(DB_NAME, reuse=args.reuse, seed=lambda: seed(args.responses)) as (_, campaign):
        measure(campaign)


if __name__ == "__main__":
    main()
