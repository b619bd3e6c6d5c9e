"""The demo's administration part: sets MOHA's contact once (audited) and names the desk pages."""

from sqlalchemy import func, select

from survey_app.core.audit import AuditEntry
from survey_app.demo import base, desk


def test_the_desk_part_sets_the_contact_once(db):
    base.load()
    lines = desk.load()
    again = desk.load()
    assert any("/audit" in line for line in lines) and lines == again
    count = db.session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "campaign.settings"))
    assert count == 1
