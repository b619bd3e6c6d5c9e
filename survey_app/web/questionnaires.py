"""MOHA's questionnaire pages: preview as a respondent sees it; download as a spreadsheet; load a new version
until invitations exist.

Access: moha_admin loads; moha_admin and moha_viewer preview and download. Locality officers get 403 on both: the
questionnaire text is not secret, but officers have no task here and the preview shows scoring-free
text only MOHA needs to check (a deliberate, documented default).
"""

from io import BytesIO

from flask import Blueprint, current_app, jsonify, render_template, send_file
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from survey_app.campaigns.questionnaire_files import get_questionnaire, parse_file, replace_questionnaire
from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidState, NotAllowed
from survey_app.invitations.links import link_url
from survey_app.invitations.reissue import get_invitation, reissue_link
from survey_app.questionnaires.loader import DefinitionError
from survey_app.questionnaires.sheet import to_workbook
from survey_app.responses.services import questionnaire_of
from survey_app.web.api import blueprint as api
from survey_app.web.api.schemas import REISSUED
from survey_app.web.api.spec import documented
from survey_app.web.lists import XLSX
from survey_app.web.loaders import requires
from survey_app.web.respond_render import numbering

bp = Blueprint("questionnaires", __name__, url_prefix="/campaigns")
ABOUT_LABELS = {"own_locality": "Tên tỉnh, thành phố được đánh giá",
                "managing_ministry": "Tên bộ chủ quản được đánh giá", "own_ministry": "Tên bộ được đánh giá"}


class LoadForm(FlaskForm):
    code = SelectField("Phiếu cần thay")
    file = FileField("Tệp định nghĩa phiếu (.yaml hoặc bảng tính .xlsx/.ods/.csv, mỗi dòng một câu hỏi)",
                     validators=[FileRequired("Hãy chọn tệp cần tải lên.")])


@bp.route("/<int:cid>/questionnaires/<code>/preview")
@requires("campaign.read")
def preview_questionnaire(cid: int, code: str):
    """The questionnaire exactly as a respondent sees it, without a way to send answers (MOHA only)."""
    if not current_user.is_moha:
        raise NotAllowed("Chỉ cán bộ Bộ Nội vụ xem trước phiếu.")
    campaign = get_campaign(cid)
    row = get_questionnaire(campaign, code)
    q = questionnaire_of(row)
    return render_template("respond/form.html", q=q, answers={}, problems={}, errors=[], notice=None,
                           answered=0, total=len(q.questions()), about=ABOUT_LABELS[q.about],
                           numbers=numbering(row.checksum, q), checksum=row.checksum,
                           deadline=campaign.response_deadline, preview=True, others_html="", token=None)


@bp.route("/<int:cid>/questionnaires/<code>.xlsx")
@requires("campaign.read")
def export_questionnaire(cid: int, code: str):
    """The questionnaire as a spreadsheet that loads back unchanged: a start for staff who edit in Excel."""
    if not current_user.is_moha:
        raise NotAllowed("Chỉ cán bộ Bộ Nội vụ tải phiếu về.")
    campaign = get_campaign(cid)
    data = to_workbook(questionnaire_of(get_questionnaire(campaign, code)))
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"phieu-{campaign.code}-{code}.xlsx")


@bp.route("/<int:cid>/questionnaires/load", methods=["GET", "POST"])
@requires("campaign.manage")
def load_questionnaire(cid: int):
    """Replace a questionnaire from a file; refused once invitations exist, nothing stored on any error."""
    campaign = get_campaign(cid)
    form = LoadForm()
    form.code.choices = [(q.code, f"{q.code} — {q.title}") for q in campaign.questionnaires]
    problems, status, message = [], 200, None
    if form.validate_on_submit():
        row = get_questionnaire(campaign, form.code.data)
        upload = form.file.data
        try:
            changed = replace_questionnaire(row, parse_file(row, upload.read(), upload.filename or "tep"),
                                            actor=current_user)
            db.session.commit()
            message = (f"Đã thay phiếu {row.code} (mã kiểm tra {row.checksum[:12]})." if changed
                       else f"Tệp giống hệt phiếu {row.code} đang dùng: không có gì thay đổi.")
        except DefinitionError as exc:
            db.session.rollback()
            problems, status = [str(p) for p in exc.errors], 422
        except InvalidState as exc:
            db.session.rollback()
            problems, status = [exc.message], 409
    elif form.is_submitted():
        problems, status = [e for errors in form.errors.values() for e in errors], 422
    return render_template("questionnaires/load.html", campaign=campaign, form=form, problems=problems,
                           message=message), status


@api.bp.route("/invitations/<int:iid>/reissue", methods=["POST"])
@documented(responses={200: REISSUED, 403: None, 404: None, 409: None})
def reissue_invitation_link(iid: int):
    """A new link for one invitation; the old link stops working at once (moha_admin)."""
    user = api.allowed("dispatch")
    invitation = get_invitation(iid)
    reissue_link(invitation, actor=user)
    db.session.commit()
    return jsonify({"id": invitation.id, "url": link_url(invitation, current_app.config["PUBLIC_BASE_URL"])})
