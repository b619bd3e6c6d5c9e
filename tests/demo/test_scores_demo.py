"""The demo's scores part: example appraisal points imported once and a ranking computed from the demo's answers."""

from sqlalchemy import func, select

from survey_app.demo import scores
from survey_app.scoring.models import AppraisalUpload, ScoreComputation, UnitScore
from tests.demo.test_activity import demo  # noqa: F401  (the demo loaded once for the module)


def test_the_demo_shows_a_ranking_of_the_units_answered_about_and_loads_once(demo):  # noqa: F811
    computation = demo.session.scalars(select(ScoreComputation)).one()
    units = demo.session.scalars(select(UnitScore).where(UnitScore.computation_id == computation.id)).all()
    assert len(units) >= 40 and all(u.appraisal_points > 0 for u in units)
    assert any(u.survey_points > 0 for u in units) and all(u.index_low is not None for u in units)
    assert {u.rank for u in units if u.level == "province"} >= {1, 2}
    assert scores.load() and demo.session.scalar(select(func.count()).select_from(AppraisalUpload)) == 1
    assert demo.session.scalar(select(func.count()).select_from(ScoreComputation)) == 1
