"""MOHA's national overview of a campaign: funnel, chart against the deadline, table of units, who needs action."""

from io import BytesIO

from flask import Blueprint, Response, render_template, request, send_file, url_for

from survey_app.campaigns.services import get_campaign
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import MailStatus
from survey_app.monitoring.evaluated import list_evaluated_units
from survey_app.monitoring.exports import groups_workbook, series_csv, units_workbook
from survey_app.monitoring.funnel import STEP_LABELS, count_funnels, total
from survey_app.monitoring.overview import filter_rows, get_overview, sort_rows
from survey_app.monitoring.series import campaign_series
from survey_app.web.loaders import requires

bp = Blueprint("monitoring", __name__, url_prefix="/campaigns/<int:cid>/overview")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def group_names(campaign) -> dict[str, str]:
    """Group code → its Vietnamese name, as the campaign defines it."""
    return {g.code: g.name for g in campaign.groups}


def group_funnels(campaign, locality_ids=None, funnels=None) -> list[tuple[str, object]]:
    """(group name, funnel) for every group with invitations, in the campaign's group order."""
    names = group_names(campaign)
    if funnels is None:
        funnels = {k[0]: f for k, f in count_funnels(campaign.id, Invitation.group_code,
                                                     locality_ids=locality_ids).items()}
    order = list(names)
    return [(names.get(code, code), funnels[code]) for code in
            sorted(funnels, key=lambda c: order.index(c) if c in order else len(order))]


def action_link(campaign, action) -> str:
    """Where to act on a unit needing action: its list, its bounced mail, or its desk."""
    code = action.row.locality.code
    if action.target == "list":
        return url_for("lists.show_list", cid=campaign.id, code=code)
    if action.target == "mail":
        return url_for("mail.show_mail", cid=campaign.id, locality=code, status=MailStatus.BOUNCED)
    return url_for("progress.show_progress", cid=campaign.id, code=code)


def _table_args() -> dict:
    return {"kind": request.args.get("kind", "")[:10], "search": request.args.get("q", "")[:100],
            "list_status": request.args.get("list", "")[:12]}


@bp.route("")
@requires("progress.national")
def show_overview(cid: int):
    """Where the national survey stands and where it stalls: funnel, daily chart, table, units to act on first."""
    campaign = get_campaign(cid)
    overview = get_overview(campaign)
    sort, descending = request.args.get("sort", "code"), request.args.get("order") == "desc"
    rows = sort_rows(filter_rows(overview.rows, **_table_args()), sort, descending=descending)
    return render_template("monitoring/overview.html", campaign=campaign, overview=overview, rows=rows,
                           shown=total(r.funnel for r in rows),
                           series=campaign_series(campaign),
                           groups=group_funnels(campaign, funnels=overview.groups), labels=STEP_LABELS, sort=sort,
                           descending=descending, args=_table_args(), action_link=action_link)


@bp.route("/units.xlsx")
@requires("progress.national")
def export_units(cid: int):
    """The national table as an Excel file."""
    campaign = get_campaign(cid)
    data = units_workbook(get_overview(campaign), title=f"Tiến độ khảo sát {campaign.code} theo địa phương")
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=f"tien-do-{campaign.code}.xlsx")


@bp.route("/groups.xlsx")
@requires("progress.national")
def export_groups(cid: int):
    """The funnel by respondent group as an Excel file."""
    campaign = get_campaign(cid)
    data = groups_workbook(group_funnels(campaign, funnels=get_overview(campaign).groups),
                           title=f"Tiến độ khảo sát {campaign.code} theo nhóm đối tượng")
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"tien-do-nhom-{campaign.code}.xlsx")


@bp.route("/series.csv")
@requires("progress.national")
def export_series(cid: int):
    """Submissions per day (daily, cumulative, needed) as CSV."""
    campaign = get_campaign(cid)
    return Response(series_csv(campaign_series(campaign)), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=phieu-theo-ngay-{campaign.code}.csv"})


@bp.route("/evaluated")
@requires("progress.national")
def show_evaluated(cid: int):
    """For each ministry, how many department and division leaders of the provinces answered about it."""
    campaign = get_campaign(cid)
    return render_template("monitoring/evaluated.html", campaign=campaign, units=list_evaluated_units(campaign))
