"""Progress at national scale on PostgreSQL: 60,000 invitations across 34 provinces and the ministries, with
realistic delivery (bounces), opens and submissions over ten days. Each p95 is printed beside a bare
`SELECT count(*)` over the same invitations, measured in the same run, with the server warm.

Run: .venv/bin/python bench/progress_bench.py [--invitations 60000] [--runs 40] [--reuse]

It (re)creates the database `bench_progress` on 127.0.0.1:5432 (user postgres), migrates it, creates the campaign
through the services and writes respondents, invitations and invite messages with COPY (seeded). Measured through
the Flask app (test client, signed-in sessions): the overview page (MOHA), GET /api/v1/campaigns/<cid>/progress
(MOHA, every locality), and Hà Nội's desk (its officer). Target (issue 13): p95 < 150 ms each.
"""

import argparse
import os
import random
import secrets
import statistics
import time
from datetime import timedelta

from national_plan import seed_people  # bench/ is on sys.path when a bench runs
from pg_database import seeded

DB_NAME = "bench_progress"
ORGS = ["Sở Y tế", "Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ", "Sở Xây dựng", "HĐND tỉnh"] + [
    f"UBND xã {n}" for n in range(1, 40)]


def _moments(rng: random.Random, now, zeal: float) -> tuple:
    """(created, opened, started, submitted) of one invitation; a locality's zeal sets how far it got."""
    created = now - timedelta(days=10, hours=rng.random() * 72)
    if rng.random() > 0.4 + 0.5 * zeal:
        return created, None, None, None
    opened = created + timedelta(hours=rng.random() * 150)
    if rng.random() > 0.85:
        return created, opened, None, None
    started = opened + timedelta(minutes=2)
    submitted = started + timedelta(minutes=15) if rng.random() < 0.85 else None
    return created, opened, started, submitted


def _mail_status(rng: random.Random) -> str:
    draw = rng.random()
    return "bounced" if draw < 0.03 else "failed" if draw < 0.04 else "queued" if draw < 0.05 else "sent"


def seed(count: int):
    """The campaign dispatched twelve days ago: approved lists, invitations, one invite message each."""
    from survey_app.core.db import bulk_insert, db, reserve_ids, utcnow
    from survey_app.invitations.models import Invitation
    from survey_app.mailing.models import OutboxMessage

    rng, approved = random.Random(2025), utcnow()
    seeded = seed_people(count, list_fields={"status": "approved", "submitted_at": approved, "decided_at": approved},
                         days_to_lists=-12, days_to_answers=10, organisation=lambda pid: rng.choice(ORGS))
    campaign, now, ids, rows, people = seeded.campaign, seeded.now, seeded.ids, seeded.rows, seeded.people
    campaign.status = "surveying"
    zeal = {code: rng.random() for code in ids}
    invitations = reserve_ids(Invitation.__table__, len(rows))
    bulk_insert(Invitation.__table__, ["id", "campaign_id", "respondent_id", "questionnaire_id", "locality_id",
                                       "evaluated_locality_id", "group_code", "nonce", "created_at", "opened_at",
                                       "started_at", "submitted_at", "is_void"],
                [(iid, campaign.id, pid, seeded.questionnaires[q].id, ids[issuer], ids[unit], group,
                  secrets.token_hex(8), *_moments(rng, now, zeal[issuer]), rng.random() < 0.002)
                 for iid, pid, (issuer, unit, group, q) in zip(invitations, people, rows, strict=True)])
    bulk_insert(OutboxMessage.__table__, ["campaign_id", "respondent_id", "locality_id", "kind", "dedupe_key",
                                          "to_addr", "domain", "invitation_ids", "status", "attempts",
                                          "next_attempt_at", "message_id", "created_at"],
                [(campaign.id, pid, ids[issuer], "invite", f"invite:{pid}", f"p{pid}@x.gov.vn", "x.gov.vn", [],
                  _mail_status(rng), 1, now, "", now) for pid, (issuer, _, _, _) in zip(people, rows, strict=True)])
    db.session.commit()
    return campaign


def timed(client, url: str, runs: int, headers=None) -> tuple[float, float]:
    """(median, 95th percentile) of `runs` timed GETs (after two warm-up calls), in ms."""
    for _ in range(2):
        assert client.get(url, headers=headers).status_code == 200, url
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def baseline(campaign_id: int, runs: int) -> float:
    from sqlalchemy import text

    from survey_app.core.db import db
    times = []
    for _ in range(runs + 2):
        start = time.perf_counter()
        db.session.execute(text("SELECT count(*) FROM invitations WHERE campaign_id = :c"), {"c": campaign_id})
        times.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return statistics.median(times[2:]), statistics.quantiles(times[2:], n=20)[-1]


def measure(app, campaign, runs: int) -> None:
    from survey_app.accounts.services import create_user
    from survey_app.accounts.sessions import issue_api_token, start_session
    from survey_app.core.db import db

    admin = create_user(email=f"bench{secrets.token_hex(3)}@moha.gov.vn", password=None, role="moha_admin",
                        actor="bench")
    officer = create_user(email=f"hn{secrets.token_hex(3)}@hanoi.gov.vn", password=None, role="locality_officer",
                          locality_code="01", actor="bench")
    sessions = {who: start_session(user, hours=1) for who, user in (("admin", admin), ("officer", officer))}
    token = issue_api_token(admin, seconds=3600)
    db.session.commit()
    cid, n = campaign.id, db.session.scalar(__import__("sqlalchemy").text(
        "SELECT count(*) FROM invitations WHERE campaign_id = :c"), {"c": campaign.id})
    base_median, base = baseline(cid, runs)
    print(f"invitations: {n}; runs per figure: {runs}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"SELECT count(*) over the invitations (baseline):  p95 {base:7.1f} ms  median {base_median:7.1f} ms")
    for label, who, url, headers in [
            ("overview page (MOHA)", "admin", f"/campaigns/{cid}/overview", None),
            ("API progress, every locality", "admin", f"/api/v1/campaigns/{cid}/progress",
             {"Authorization": f"Bearer {token}"}),
            ("Hà Nội's desk (its officer)", "officer", f"/campaigns/{cid}/progress/01", None)]:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = sessions[who], True
        median, figure = timed(client, url, runs, headers)
        verdict = "ok" if figure < 150 else "OVER TARGET"
        print(f"{label:32s} p95 {figure:7.1f} ms = {figure / base:5.1f} × baseline  (target < 150 ms: {verdict});"
              f"  median {median:7.1f} ms = {median / base_median:5.1f} ×")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invitations", type=int, default=60000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="measure the database seeded by a previous run")
    args = parser.parse_args()
    with seeded(DB_NAME, reuse=args.reuse, seed=lambda: seed(args.invitations)) as (app, campaign):
        measure(app, campaign, args.runs)


if __name__ == "__main__":
    main()
