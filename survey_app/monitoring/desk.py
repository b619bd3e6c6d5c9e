"""A locality's desk: its funnel, by group and by organisation, and its day-by-day rate beside the nation's."""

from dataclasses import dataclass

from survey_app.campaigns.models import Campaign
from survey_app.invitations.models import Invitation
from survey_app.monitoring.funnel import Funnel, count_funnels, sum_by, total
from survey_app.monitoring.series import Series, campaign_series
from survey_app.respondents.models import Respondent


@dataclass
class Desk:
    funnel: Funnel
    national_rate: float
    organisations: list[tuple[str, Funnel]]
    own: Series
    nation: Series
    #: The nation's cumulative rate day by day (no national count is shown to a locality).
    national_rates: list[float | None] | None = None
    #: group code → the locality's funnel of that group
    groups: dict[str, Funnel] | None = None

    def rates(self, series: Series, listed: int) -> list[float | None]:
        """A cumulative series as percentages of `listed` (the national curve is shown only as a rate)."""
        return [None if c is None or not listed else 100 * c / listed for c in series.cumulative]

    @property
    def own_rates(self) -> list[float | None]:
        return self.rates(self.own, self.funnel.listed)


def get_desk(campaign: Campaign, locality_id: int) -> Desk:
    """The locality's figures, and the nation's only as rates."""
    both = count_funnels(campaign.id, Respondent.organisation, Invitation.group_code, locality_ids={locality_id},
                         with_respondent=True)  # one scan for the organisations and the groups
    organisations, groups = sum_by(both, 0), sum_by(both, 1)
    nation = campaign_series(campaign)
    desk = Desk(total(organisations.values()), nation.submitted / nation.listed if nation.listed else 0.0,
                sorted(((k[0], f) for k, f in organisations.items()), key=lambda of: of[1].rate),
                campaign_series(campaign, locality_ids={locality_id}), nation)
    desk.national_rates = desk.rates(nation, nation.listed)
    desk.groups = {key[0]: f for key, f in groups.items()}
    return desk
