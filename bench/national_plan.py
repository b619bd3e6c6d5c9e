"""The national campaign the PostgreSQL benches seed: 34 provinces and every evaluated ministry, 60,000
invitations by the plan below, written with COPY. Used by the scoring, integrity-scan and progress benches.
"""

import time
from dataclasses import dataclass
from datetime import timedelta

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


@dataclass
class People:
    """A seeded campaign's lists and respondents, one per planned invitation."""

    campaign: object
    now: object
    #: locality code → id
    ids: dict
    #: the plan's rows: (issuer, unit, group, questionnaire code)
    rows: list
    #: questionnaire code → questionnaire
    questionnaires: dict
    #: the respondent id of each row
    people: list


def seed_people(count: int, *, list_fields: dict, days_to_lists: int, days_to_answers: int,
                organisation=lambda pid: "Cơ quan") -> People:
    """An open campaign of the shipped par-2025 model, a list per locality (`list_fields`: its status…), and a
    respondent for each of the plan's rows scaled to `count`; deadlines `days_to_*` from now (negative: passed)."""
    from survey_app.campaigns.services import create_campaign, open_campaign
    from survey_app.core.db import bulk_insert, db, reserve_ids, utcnow
    from survey_app.reference.models import list_localities
    from survey_app.respondents.models import Respondent, RespondentList

    now = utcnow()
    campaign = create_campaign(code="BENCH", title="Bench", year=2025, model="par-2025", actor="bench",
                               list_deadline=now + timedelta(days=days_to_lists),
                               response_deadline=now + timedelta(days=days_to_answers))
    open_campaign(campaign, actor="bench")
    localities = list_localities()
    lists = {loc.code: RespondentList(campaign_id=campaign.id, locality_id=loc.id, **list_fields)
             for loc in localities}
    db.session.add_all(lists.values())
    db.session.flush()
    ids = {loc.code: loc.id for loc in localities}
    rows = plan([c for c in ids if c.isdigit()], sorted(c for c in ids if not c.isdigit()), count / 60000)
    people = reserve_ids(Respondent.__table__, len(rows))
    bulk_insert(Respondent.__table__, ["id", "list_id", "full_name", "position", "organisation", "group_code",
                                       "email", "phone", "note", "status", "extra_ministries"],
                [(pid, lists[issuer].id, f"Người {pid}", "Lãnh đạo", organisation(pid), group, f"p{pid}@x.gov.vn",
                  "", "", "active", []) for pid, (issuer, _, group, _) in zip(people, rows, strict=True)])
    return People(campaign, now, ids, rows, {q.code: q for q in campaign.questionnaires}, people)


def answers(rng, definition: dict) -> dict:
    """A random answer to every question (numpy `rng`), "don't know" about one time in twenty."""
    chosen = {}
    for section in definition["sections"]:
        for question in section["questions"]:
            options = question["options"]
            scored = [o["value"] for o in options if o["score"] is not None]
            dont_know = [o["value"] for o in options if o["score"] is None]
            pick = dont_know[0] if dont_know and rng.random() < 0.05 else scored[int(rng.integers(len(scored)))]
            chosen[question["code"]] = pick
    return chosen


def best_of(runs: int, work) -> float:
    """The shortest of `runs` timed calls of `work`, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)
