"""Replace a campaign's questionnaire from an uploaded YAML or spreadsheet file, until invitations exist."""

from sqlalchemy import select

from survey_app.campaigns.models import Campaign, Questionnaire
from survey_app.core import audit
from survey_app.core.db import db
from survey_app.core.errors import InvalidState, NotFound
from survey_app.core.sheets import ReadError, read_sheets
from survey_app.questionnaires import definition
from survey_app.questionnaires.loader import (
    LEVEL_OF_ABOUT,
    DefinitionError,
    Problem,
    check_criteria,
    load_index_model,
    load_yaml,
    survey_criteria,
)
from survey_app.questionnaires.sheet import load_rows, pick_sheets

YAML_SUFFIXES = (".yaml", ".yml")
SHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
FROZEN = ("Phiếu {code} đã được gửi tới người trả lời nên không thể thay nữa: câu trả lời đã lưu gắn với "
          "từng câu hỏi của phiếu này. Nếu cần sửa phiếu, hãy tạo kỳ khảo sát mới hoặc liên hệ quản trị hệ thống.")


def get_questionnaire(campaign: Campaign, code: str) -> Questionnaire:
    row = db.session.scalar(select(Questionnaire).where(Questionnaire.campaign_id == campaign.id,
                                                        Questionnaire.code == code))
    if row is None:
        raise NotFound(f"Kỳ khảo sát không có phiếu mã '{code}'.")
    return row


def ensure_replaceable(row: Questionnaire) -> None:
    """A questionnaire is frozen once invitations exist: answers are stored by its question codes."""
    if row.is_frozen:
        raise InvalidState(FROZEN.format(code=row.code))


def parse_file(row: Questionnaire, data: bytes, filename: str) -> definition.Questionnaire:
    """The uploaded definition for `row`, checked against the campaign's index model; DefinitionError lists all."""
    criteria = survey_criteria(load_index_model(row.campaign.model), LEVEL_OF_ABOUT[row.definition["about"]])
    name = filename.lower()
    if name.endswith(YAML_SUFFIXES):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DefinitionError([Problem(filename, None, "", "tệp phải được lưu với bảng mã UTF-8.")]) from None
        parsed = load_yaml(text, filename, criteria=criteria)
    elif name.endswith(SHEET_SUFFIXES):
        parsed = _parse_sheet(row, data, filename, criteria)
    else:
        raise DefinitionError([Problem(filename, None, "", "chỉ nhận tệp .yaml, .yml, .xlsx, .xls, .ods hoặc .csv.")])
    _check_matches(row, parsed, filename)
    return parsed


def _parse_sheet(row: Questionnaire, data: bytes, filename: str, criteria: set[str]) -> definition.Questionnaire:
    try:
        rows, scale_rows = pick_sheets(read_sheets(data, filename))
    except ReadError as exc:
        raise DefinitionError([Problem(filename, None, "", exc.message)]) from None
    d = row.definition
    parsed = load_rows(rows, filename=filename, code=row.code, title=d["title"], about=d["about"],
                       scale_rows=scale_rows, intro=d.get("intro", ""), privacy_notice=d.get("privacy_notice", ""),
                       is_example=d.get("is_example", False))
    problems = [p._replace(file=filename) for p in check_criteria(parsed, criteria)]
    if problems:
        raise DefinitionError(problems)
    return parsed


def _check_matches(row: Questionnaire, parsed: definition.Questionnaire, filename: str) -> None:
    problems = []
    if parsed.code != row.code:
        message = f"mã phiếu '{parsed.code}' khác phiếu đang thay ('{row.code}')."
        problems.append(Problem(filename, None, "code", message))
    if parsed.about != row.definition["about"]:
        problems.append(Problem(filename, None, "about", f"phiếu này đánh giá '{row.definition['about']}', "
                                f"tệp ghi '{parsed.about}': nhóm đối tượng được gán theo đơn vị được đánh giá."))
    if problems:
        raise DefinitionError(problems)


def replace_questionnaire(row: Questionnaire, parsed: definition.Questionnaire, *, actor) -> bool:
    """Store a new snapshot of a questionnaire not yet frozen; False when it is the same (same checksum)."""
    ensure_replaceable(row)
    snapshot = definition.to_dict(parsed)
    digest = definition.checksum(snapshot)
    if digest == row.checksum:
        return False
    audit.record("questionnaire.replace", row, actor=actor,
                 details={"code": row.code, "old_checksum": row.checksum, "new_checksum": digest})
    row.definition, row.title, row.checksum = snapshot, snapshot["title"], digest
    db.session.flush()
    return True
