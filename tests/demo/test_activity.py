"""The demo of `make run` as a campaign in full swing: every locality's list in a realistic state, ten days of
delivery and answering with consistent times, made through the domain rules, and loaded only once."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from survey_app.core.db import db as _db
from survey_app.core.db import utcnow
from survey_app.demo import load_demo
from survey_app.invitations.models import Invitation
from survey_app.mailing.correction_models import AddressCorrection
from survey_app.mailing.models import MailEvent, OutboxMessage
from survey_app.reference.models import Locality
from survey_app.respondents.models import Respondent, RespondentList
from survey_app.responses.models import Response, ResponseEvent
from survey_app.responses.services import questionnaire_of
from tests.conftest import REFERENCE_TABLES


@pytest.fixture(scope="module")
def demo(app):
    """The demo loaded once for the module's tests (it takes seconds), emptied afterwards as `db` does."""
    with app.app_context():
        load_demo()
        _db.session.commit()
        yield _db
        _db.session.remove()
        with _db.engine.begin() as conn:
            if app.config["BACKEND"] == "postgres":
                names = ", ".join(t.name for t in _db.metadata.sorted_tables if t.name not in REFERENCE_TABLES)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(_db.metadata.sorted_tables):
                    if table.name not in REFERENCE_TABLES:
                        conn.execute(table.delete())


def _count(db, *where, model=Invitation):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_every_locality_has_a_list_most_approved_a_few_waiting(demo):
    statuses = dict(demo.session.execute(select(RespondentList.status, func.count())
                                         .group_by(RespondentList.status)).all())
    assert sum(statuses.values()) == demo.session.scalar(select(func.count()).select_from(Locality)) == 49
    assert statuses == {"approved": 41, "submitted": 3, "returned": 2, "draft": 3}
    returned = demo.session.scalars(select(RespondentList).where(RespondentList.status == "returned")).all()
    assert all(lst.return_reason for lst in returned)
    sizes = demo.session.scalars(select(func.count()).select_from(Respondent).group_by(Respondent.list_id))
    assert all(6 <= n <= 120 for n in sizes)


def test_only_approved_lists_were_dispatched(demo):
    issued = set(demo.session.scalars(select(Invitation.locality_id).distinct()))
    approved = set(demo.session.scalars(select(RespondentList.locality_id).where(RespondentList.status == "approved")))
    assert issued == approved


def test_mail_was_delivered_with_some_bounces_and_their_reasons(demo):
    total = _count(demo, OutboxMessage.kind != "notice", model=OutboxMessage)
    bounced = demo.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "bounced")).all()
    assert 0.01 * total < len(bounced) < 0.1 * total
    assert all(m.last_error[:3] in ("550", "552", "554") for m in bounced)
    corrected = _count(demo, AddressCorrection.status == "applied", model=AddressCorrection)  # message cancelled
    assert _count(demo, MailEvent.kind == "bounced", model=MailEvent) == len(bounced) + corrected
    # The accounts part leaves one set-password mail queued on purpose, the officers' notice emails (list
    # approved, dispatched…) wait too, and the corrections part leaves the new link and the notice of its applied
    # correction to the respondent: `demo serve` sends them to the catcher.
    queued = demo.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.status.in_(("queued", "claimed")),
                                                                   OutboxMessage.respondent_id.is_not(None))).all()
    assert sorted(queued) == ["invite", "notice"]


def test_two_bounced_addresses_were_corrected_one_applied_one_waiting_for_moha(demo):
    statuses = sorted(demo.session.scalars(select(AddressCorrection.status)))
    assert statuses == ["applied", "pending"]
    assert load_demo() and sorted(demo.session.scalars(select(AddressCorrection.status))) == statuses, "idempotent"


def test_times_run_forward_over_the_past_ten_days(demo):
    now, start = utcnow(), utcnow() - timedelta(days=11)
    rows = demo.session.execute(
        select(OutboxMessage.sent_at, Invitation.created_at, Invitation.opened_at, Invitation.started_at,
               Invitation.submitted_at, Response.submitted_at)
        .join(OutboxMessage, (OutboxMessage.respondent_id == Invitation.respondent_id)
              & (OutboxMessage.kind == "invite"))
        .outerjoin(Response, Response.invitation_id == Invitation.id)).all()
    for sent, created, opened, started, submitted, answered in rows:
        stamps = [t for t in (created, sent, opened, started, submitted) if t is not None]
        assert stamps == sorted(stamps) and start <= stamps[0] and stamps[-1] <= now
        assert submitted == answered
    events = demo.session.execute(select(ResponseEvent.kind, ResponseEvent.at, Invitation.submitted_at)
                                  .join(Invitation, Invitation.id == ResponseEvent.invitation_id)
                                  .where(ResponseEvent.kind == "submit")).all()
    assert events and all(at == submitted for _, at, submitted in events)


def test_answers_are_complete_varied_and_sometimes_dont_know(demo):
    responses = demo.session.scalars(select(Response).where(Response.status == "submitted")).all()
    dont_know = answered = 0
    for response in responses[:200]:
        questionnaire = questionnaire_of(response.invitation.questionnaire)
        required = {q.code for q in questionnaire.questions() if q.required}
        assert required <= set(response.answers)
        unknown = {q.code: {o.value for o in q.options if o.score is None} for q in questionnaire.questions()}
        dont_know += sum(value in unknown[code] for code, value in response.answers.items())
        answered += len(response.answers)
        assert 60 <= response.active_seconds <= 3600
    assert 0.005 * answered < dont_know < 0.1 * answered
    assert len({tuple(sorted(r.answers.items())) for r in responses}) == len(responses)


def test_rates_differ_and_the_laggards_lag(demo):
    def rate(code):
        place = Invitation.locality_id == select(Locality.id).where(Locality.code == code).scalar_subquery()
        return _count(demo, place, Invitation.submitted_at.is_not(None)) / _count(demo, place)
    national = _count(demo, Invitation.submitted_at.is_not(None)) / _count(demo)
    assert 0.4 < national < 0.8
    assert rate("04") < national / 2 and rate("BXD") < national / 2


def test_loading_again_changes_nothing(demo):
    before = [_count(demo, model=m) for m in (Invitation, OutboxMessage, Response, ResponseEvent, Respondent)]
    load_demo()
    demo.session.commit()
    assert [_count(demo, model=m) for m in (Invitation, OutboxMessage, Response, ResponseEvent, Respondent)] == before


def test_the_progress_part_raises_notices_once_and_points_at_the_overview(demo):
    from survey_app.demo import progress
    from survey_app.monitoring.models import Notification

    lines = progress.load()
    demo.session.commit()
    assert "/overview" in lines[0] and "việc cần xử lý trước" in lines[0]
    raised = _count(demo, model=Notification)
    assert raised and demo.session.scalar(select(func.count()).select_from(Notification)
                                          .where(Notification.kind == "locality.behind"))
    progress.load()
    demo.session.commit()
    assert _count(demo, model=Notification) == raised
