"""Import MOHA's appraisal points: every row checked first, then all stored, the upload kept (who, when, checksum)."""

import hashlib

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core import audit
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.core.sheets import ReadError, read_sheets
from survey_app.questionnaires.loader import load_index_model
from survey_app.reference.models import Locality
from survey_app.scoring.appraisal_file import AppraisalRow, check_rows
from survey_app.scoring.model import model_from_dict
from survey_app.scoring.models import AppraisalPoint, AppraisalUpload

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")


def import_appraisal(campaign: Campaign, data: bytes, filename: str, *, actor) -> AppraisalUpload:
    """Store every row of a file of appraisal points, or nothing (InvalidInput lists every problem)."""
    rows = parse_appraisal(campaign, data, filename)
    upload = AppraisalUpload(campaign_id=campaign.id, filename=filename[:255], rows=len(rows), content=data,
                             checksum=hashlib.sha256(data).hexdigest(), uploaded_by_id=getattr(actor, "id", None),
                             uploaded_by=getattr(actor, "email", str(actor)))
    db.session.add(upload)
    db.session.flush()
    _store_points(campaign.id, upload.id, rows)
    audit.record("appraisal.upload", upload, actor=actor, details={
        "campaign": campaign.code, "filename": upload.filename, "checksum": upload.checksum, "rows": len(rows)})
    return upload


def parse_appraisal(campaign: Campaign, data: bytes, filename: str) -> list[AppraisalRow]:
    """The file's rows, checked against the campaign's index model; InvalidInput with the full report otherwise."""
    sheet = _first_sheet(data, filename)
    model = model_from_dict(load_index_model(campaign.model))
    levels = dict(db.session.execute(select(Locality.code, Locality.kind)).all())
    good, problems = check_rows(sheet, model, levels)
    if problems:
        raise InvalidInput(f"Tệp có {len(problems)} lỗi; chưa có điểm nào được lưu. Sửa các dòng dưới đây rồi "
                           "tải lên lại cả tệp.", errors=problems)
    return good


def _first_sheet(data: bytes, filename: str) -> list[list[str]]:
    if not filename.lower().endswith(SUFFIXES):
        raise InvalidInput("Chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv.", errors=[{"field": "file", "message":
                           f"Tệp '{filename}' không phải bảng tính; hãy dùng tệp mẫu điểm thẩm định."}])
    if len(data) > MAX_BYTES:
        raise InvalidInput("Tệp quá lớn (tối đa 5 MB).", errors=[{"field": "file", "message": "Tệp quá lớn."}])
    try:
        return read_sheets(data, filename)[0]
    except ReadError as error:
        raise InvalidInput(error.message, errors=[{"field": "file", "message": error.message}]) from None


def _store_points(campaign_id: int, upload_id: int, rows: list[AppraisalRow]) -> None:
    ids = dict(db.session.execute(select(Locality.code, Locality.id)).all())
    existing = {(p.locality_id, p.criterion_code): p for p in db.session.scalars(
        select(AppraisalPoint).where(AppraisalPoint.campaign_id == campaign_id))}
    for row in rows:
        point = existing.get((ids[row.unit], row.criterion))
        if point is None:
            point = AppraisalPoint(campaign_id=campaign_id, locality_id=ids[row.unit], criterion_code=row.criterion)
            db.session.add(point)
        point.points, point.upload_id = row.points, upload_id
    db.session.flush()


def list_uploads(campaign_id: int) -> list[AppraisalUpload]:
    """Every accepted upload, newest first."""
    return list(db.session.scalars(select(AppraisalUpload).where(AppraisalUpload.campaign_id == campaign_id)
                                   .order_by(AppraisalUpload.id.desc())))
