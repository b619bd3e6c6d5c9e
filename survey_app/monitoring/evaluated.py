"""Evaluated units (MOHA only): for each ministry, how many provincial department and division leaders have
answered about it, and which provinces' leaders lag."""

from dataclasses import dataclass, field

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.monitoring.funnel import Funnel, count_funnels, total
from survey_app.reference.models import Locality

#: The groups of provincial leaders who answer about their department's managing ministry.
LEADER_GROUPS = ("LD_SO", "LD_PHONG")
#: A province lags a ministry when its leaders' rate is below this fraction of that ministry's rate.
LAG_FRACTION = 0.5


@dataclass
class EvaluatedUnit:
    ministry: Locality
    funnel: Funnel
    provinces: list[tuple[Locality, Funnel]] = field(default_factory=list)

    @property
    def lagging(self) -> list[tuple[Locality, Funnel]]:
        """Provinces whose leaders answered at under half the ministry's rate, lowest first."""
        limit = LAG_FRACTION * self.funnel.rate
        return sorted([(p, f) for p, f in self.provinces if f.listed and f.rate < limit], key=lambda pf: pf[1].rate)


def list_evaluated_units(campaign: Campaign) -> list[EvaluatedUnit]:
    """Every ministry that province leaders answer about, with their funnel per province."""
    funnels = _leader_funnels(campaign.id)
    places = {loc.id: loc for loc in db.session.scalars(select(Locality))}
    units: dict[int, EvaluatedUnit] = {}
    for (ministry_id, province_id), funnel in funnels.items():
        unit = units.setdefault(ministry_id, EvaluatedUnit(places[ministry_id], Funnel()))
        unit.provinces.append((places[province_id], funnel))
    for unit in units.values():
        unit.funnel = total(f for _, f in unit.provinces)
        unit.provinces.sort(key=lambda pf: pf[0].code)
    return sorted(units.values(), key=lambda u: u.ministry.name)


def _leader_funnels(campaign_id: int) -> dict[tuple, Funnel]:
    ministries = select(Locality.id).where(Locality.kind == "ministry")
    funnels = count_funnels(campaign_id, Invitation.evaluated_locality_id, Invitation.locality_id,
                            Invitation.group_code)
    result: dict[tuple, Funnel] = {}
    wanted = set(db.session.scalars(ministries))
    for (ministry_id, province_id, group), funnel in funnels.items():
        if group in LEADER_GROUPS and ministry_id in wanted:
            result.setdefault((ministry_id, province_id), Funnel()).add(funnel)
    return result
