"""A list summed up for a decision's confirmation page: people per group, by the groups' names."""

from collections import Counter

from survey_app.respondents.models import RespondentList


def list_summary(lst: RespondentList) -> dict:
    """Active people, excluded rows, and active people per group name (in the campaign's group order)."""
    counts = Counter(r.group_code for r in lst.respondents if r.status == "active")
    groups = [(g.name, counts[g.code]) for g in lst.campaign.groups if counts[g.code]]
    return {"active": sum(counts.values()), "excluded": sum(1 for r in lst.respondents if r.status == "excluded"),
            "groups": groups}
