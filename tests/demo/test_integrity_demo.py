"""The demo's integrity part: planted interference (one phone, twelve sheets) is flagged, and loads once."""

from sqlalchemy import func, select

from survey_app.demo import integrity
from survey_app.integrity.models import IntegrityFlag
from tests.demo.test_activity import demo  # noqa: F401  (the demo loaded once for the module)


def test_the_demo_shows_the_planted_phone_as_a_flag_and_loads_once(demo):  # noqa: F811
    flags = demo.session.scalars(select(IntegrityFlag)).all()
    planted = [f for f in flags if f.rule == "shared_device" and f.severity != "low"]
    assert planted and len(planted[0].invitation_ids) >= integrity.SHEETS
    count = demo.session.scalar(select(func.count()).select_from(IntegrityFlag))
    assert integrity.load() and demo.session.scalar(select(func.count()).select_from(IntegrityFlag)) == count
