"""The demo's respondents at work: who opens the email and when (office hours), who saves a draft, who
submits, with answers drawn per question (favourable more often, a few "Không biết"), from office networks
or phones. Each locality has its own pace; two lag far behind."""

import math
import random
import zlib
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, select

from survey_app.campaigns.models import Campaign, Questionnaire
from survey_app.core.clock import local
from survey_app.core.db import db, utcnow
from survey_app.demo.timeline import fix_times
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import OutboxMessage
from survey_app.questionnaires.definition import Question
from survey_app.reference.models import Locality
from survey_app.respondents.models import Respondent
from survey_app.responses.opens import write as write_opens
from survey_app.responses.services import questionnaire_of, save_draft, submit
from survey_app.responses.tracking import Client, event_row, hash_client
from survey_app.responses.visit import CampaignView, QuestionnaireRef, Visit

#: Localities far behind the national curve (their share of people who ever open the email).
LAGGARDS = {"04": 0.12, "BXD": 0.18}
AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Linux; Android 14; SM-A546E) Chrome/131.0 Mobile Safari/537.36",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"]


def office_hours(moment: datetime, rng: random.Random) -> datetime:
    """The moment moved into Vietnamese office hours (07:30–17:00, mostly on weekdays)."""
    hour = local(moment).hour + local(moment).minute / 60
    if hour < 7.5 or hour >= 17:
        days = 1 if hour >= 17 else 0
        start = local(moment).replace(hour=7, minute=30) + timedelta(days=days, minutes=rng.uniform(0, 150))
        moment = start.astimezone(moment.tzinfo)
    if local(moment).weekday() >= 5 and rng.random() < 0.8:
        moment += timedelta(days=7 - local(moment).weekday())
    return moment


def pick(question: Question, rng: random.Random, beta: float) -> str | None:
    """One answer: "don't know" now and then, otherwise favourable options weighted up by `beta`."""
    scored = [o for o in question.options if o.score is not None]
    unknown = [o for o in question.options if o.score is None]
    if not question.required and rng.random() < 0.08:
        return None
    if unknown and rng.random() < 0.04:
        return unknown[0].value
    return rng.choices(scored, [math.exp(beta * (o.score or 0)) for o in scored])[0].value


def answers(ref: QuestionnaireRef, rng: random.Random, beta: float, share: float = 1.0) -> dict[str, str]:
    questions = questionnaire_of(ref).questions()
    chosen = {q.code: pick(q, rng, beta) for q in questions[:max(1, round(len(questions) * share))]}
    return {code: value for code, value in chosen.items() if value is not None}


def client(respondent_id: int, organisation: str, rng: random.Random) -> Client:
    """Most answer from their office's one public address; some from a phone on a mobile network."""
    office = zlib.crc32(organisation.encode())
    ip = f"14.{160 + office % 60}.{office // 60 % 250}.{2 + office % 200}" if rng.random() < 0.7 else \
        f"27.{64 + rng.randrange(60)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    return Client(ip=ip, user_agent=AGENTS[respondent_id % len(AGENTS)], device_id=f"demo-{respondent_id:06d}")


def delivered(campaign: Campaign) -> dict[int, list[tuple]]:
    """Invitations whose email was delivered, by respondent: (id, nonce, questionnaire, organisation, code, sent)."""
    query = (select(Invitation.id, Invitation.nonce, Invitation.respondent_id, Questionnaire.id, Questionnaire.checksum,
                    Questionnaire.title, Respondent.organisation, Locality.code, OutboxMessage.sent_at)
             .join(Questionnaire, Questionnaire.id == Invitation.questionnaire_id)
             .join(Respondent, Respondent.id == Invitation.respondent_id)
             .join(Locality, Locality.id == Invitation.locality_id)
             .join(OutboxMessage, and_(OutboxMessage.respondent_id == Invitation.respondent_id,
                                       OutboxMessage.kind == "invite", OutboxMessage.status == "sent"))
             .where(Invitation.campaign_id == campaign.id).order_by(Invitation.id))
    people: dict[int, list[tuple]] = defaultdict(list)
    for iid, nonce, rid, qid, checksum, title, organisation, code, sent_at in db.session.execute(query):
        people[rid].append((iid, nonce, QuestionnaireRef(qid, checksum, title), organisation, code, sent_at))
    return people


class Simulation:
    """One run over a campaign: the pace of each locality, and every time to write back at the end."""

    def __init__(self, campaign: Campaign, rng: random.Random):
        self.rng, self.now = rng, utcnow()
        self.view = CampaignView(campaign.title, campaign.status, campaign.response_deadline, campaign.hash_key)
        self.pace: dict[str, tuple[float, float]] = {}
        self.times: list[dict] = []

    def locality(self, code: str) -> tuple[float, float]:
        """(share who open, how favourable the answers are) of a locality, drawn once."""
        if code not in self.pace:
            self.pace[code] = (LAGGARDS.get(code, self.rng.uniform(0.55, 0.93)), self.rng.uniform(1.0, 3.2))
        return self.pace[code]

    def person(self, rid: int, invitations: list[tuple]) -> None:
        """Open the email some time after it arrived, then answer each questionnaire in turn (or not)."""
        reach, beta = self.locality(invitations[0][4])
        if self.rng.random() > min(0.96, reach + 0.08):
            return
        at = office_hours(invitations[0][5] + timedelta(days=self.rng.expovariate(1 / 1.6)), self.rng)
        who = client(rid, invitations[0][3], self.rng)
        for iid, nonce, ref, *_ in invitations:
            if at >= self.now - timedelta(minutes=30):
                return
            at = self.questionnaire(Visit(iid, nonce, False, None, None, self.view, "", ref, None, []),
                                    who, at, beta, reach)

    def questionnaire(self, visit: Visit, who: Client, opened: datetime, beta: float, reach: float) -> datetime:
        """Open, perhaps save, perhaps submit one questionnaire; returns when the person moves on."""
        write_opens([(event_row(visit.id, "open", hash_client(who, self.view.hash_key), opened), True)])
        took = timedelta(seconds=min(3600.0, self.rng.lognormvariate(math.log(540), 0.5)))
        done = opened + took if self.rng.random() < 0.72 + 0.22 * reach else None
        if done is not None and self.rng.random() < 0.12:  # came back to finish it another day
            done = office_hours(done + timedelta(days=self.rng.uniform(1, 3)), self.rng)
        if done is not None and done >= self.now:
            done = None
        saves = self.rng.random() < (0.5 if done is None else 0.6)
        if saves:
            save_draft(visit, answers(visit.questionnaire, self.rng, beta, 0.4), who)
        if done is not None:
            submit(visit, answers(visit.questionnaire, self.rng, beta), who)
        self.times.append({"i": visit.id, "opened": opened, "saved": opened + took / 2, "submitted": done,
                           "has_save": saves, "active": int(took.total_seconds())})
        return (done or opened + took) + timedelta(minutes=self.rng.uniform(1, 6))


def simulate(campaign: Campaign, rng: random.Random) -> None:
    """Ten days of answering for every delivered invitation of the campaign."""
    run = Simulation(campaign, rng)
    for rid, invitations in delivered(campaign).items():
        run.person(rid, invitations)
    fix_times(run.times)

