"""The respondent list template (.xlsx): header of API.md, drop-down lists, examples and instructions."""

import io

import xlsxwriter

from survey_app.respondents.headers import FIELDS, REQUIRED
from survey_app.respondents.validation import GroupRule

LIST_SHEET = "Danh sách"
HELP_SHEET = "Hướng dẫn"
CHOICES_SHEET = "Danh mục"
HEADER_ROW = 2  #: 0-based: a title, a subtitle, then the header
LAST_ROW = 5000
MINISTRY_GROUPS = ("LD_VU", "CC_CCHC", "LD_HOI")
_WIDTHS = {"stt": 6, "full_name": 28, "position": 24, "organisation": 36, "group": 30,
           "managing_ministry": 30, "email": 32, "phone": 16, "note": 24}
_EXAMPLES = {
    "province": [
        ["Nguyễn Văn An", "Giám đốc", "Sở Tư pháp", "LD_SO", "Bộ Tư pháp", "nvan@example.gov.vn", "0912345678"],
        ["Trần Thị Bình", "Phó Trưởng phòng", "Sở Y tế", "LD_PHONG", "", "ttbinh@example.gov.vn", ""],
    ],
    "ministry": [
        ["Nguyễn Văn An", "Vụ trưởng", "Vụ Pháp chế", "LD_VU", "", "nvan@example.gov.vn", "0912345678"],
        ["Trần Thị Bình", "Chuyên viên chính", "Văn phòng Bộ", "CC_CCHC", "", "ttbinh@example.gov.vn", ""],
    ],
}


def variant_groups(groups: list[GroupRule], variant: str) -> list[GroupRule]:
    """The groups a list of this variant takes: province-level groups, or the ministries' own."""
    if variant == "ministry":
        return [g for g in groups if g.code in MINISTRY_GROUPS]
    return [g for g in groups if g.level == "province"]


def build_template(*, groups: list[GroupRule], ministries: list[tuple[str, str]], variant: str = "province") -> bytes:
    """An .xlsx list template that reads back through read_list_file."""
    chosen = sorted(variant_groups(groups, variant), key=lambda g: g.priority)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = _formats(book)
    sheet = book.add_worksheet(LIST_SHEET)
    book.add_worksheet(HELP_SHEET)
    choices = book.add_worksheet(CHOICES_SHEET)
    _write_choices(choices, chosen, ministries)
    _write_list(sheet, formats, chosen, ministries, variant)
    _write_help(book.get_worksheet_by_name(HELP_SHEET), formats, chosen, variant)
    choices.hide()
    sheet.activate()
    book.close()
    return buffer.getvalue()


def _formats(book) -> dict:
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "subtitle": book.add_format({"italic": True, "font_color": "#555555"}),
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                   "valign": "vcenter", "align": "center"}),
        "required": book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True,
                                     "valign": "vcenter", "align": "center"}),
        "text": book.add_format({"num_format": "@"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "bold": book.add_format({"bold": True}),
    }


def _write_choices(sheet, groups: list[GroupRule], ministries: list[tuple[str, str]]) -> None:
    sheet.write_row(0, 0, ["Nhóm đối tượng", "Mã nhóm", "Bộ chủ quản", "Mã bộ"])
    for index, group in enumerate(groups, start=1):
        sheet.write_row(index, 0, [group.name, group.code])
    for index, (code, name) in enumerate(ministries, start=1):
        sheet.write_row(index, 2, [name, code])


def _write_list(sheet, formats, groups, ministries, variant) -> None:
    fields = list(FIELDS)
    title = "DANH SÁCH ĐỐI TƯỢNG KHẢO SÁT XÃ HỘI HỌC – CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"
    sheet.write(0, 0, title, formats["title"])
    sheet.write(1, 0, "Các cột tô màu cam là bắt buộc. Xem cách điền ở trang 'Hướng dẫn'.", formats["subtitle"])
    for column, name in enumerate(fields):
        style = formats["required"] if name in REQUIRED else formats["header"]
        sheet.write_string(HEADER_ROW, column, FIELDS[name], style)
        sheet.set_column(column, column, _WIDTHS[name], formats["text"] if name == "phone" else None)
    sheet.set_row(HEADER_ROW, 32)
    _write_examples(sheet, {g.code: g.name for g in groups}, variant)
    _add_dropdowns(sheet, fields, len(groups), len(ministries))
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW, len(fields) - 1)


def _write_examples(sheet, group_names: dict[str, str], variant: str) -> None:
    """The example rows under the header, numbered, each saying it is to be deleted."""
    for offset, example in enumerate(_EXAMPLES["ministry" if variant == "ministry" else "province"], start=1):
        full_name, position, organisation, code, ministry, email, phone = example
        sheet.write_number(HEADER_ROW + offset, 0, offset)
        values = [full_name, position, organisation, group_names.get(code, code), ministry, email, phone,
                  "Dòng ví dụ: hãy xóa"]
        for column, value in enumerate(values, start=1):
            sheet.write_string(HEADER_ROW + offset, column, value)


def _add_dropdowns(sheet, fields: list[str], group_count: int, ministry_count: int) -> None:
    def column_range(name: str) -> tuple[int, int, int, int]:
        column = fields.index(name)
        return HEADER_ROW + 1, column, LAST_ROW, column

    group_source = f"='{CHOICES_SHEET}'!$A$2:$A${group_count + 1}"
    sheet.data_validation(*column_range("group"), {
        "validate": "list", "source": group_source, "error_type": "warning",
        "input_title": "Nhóm đối tượng", "input_message": "Chọn nhóm trong danh sách (hoặc ghi mã nhóm).",
    })
    if ministry_count:
        ministry_source = f"='{CHOICES_SHEET}'!$C$2:$C${ministry_count + 1}"
        sheet.data_validation(*column_range("managing_ministry"), {
            "validate": "list", "source": ministry_source, "error_type": "warning",
            "input_title": "Bộ chủ quản",
            "input_message": "Bắt buộc với lãnh đạo sở, phòng; để trống để hệ thống tự suy ra.",
        })


_HELP_HEAD = (
    ("Cách điền", "Mỗi dòng là một người được khảo sát. Giữ nguyên dòng tiêu đề; có thể thêm dòng tiêu đề ở trên."),
    ("STT", "Số thứ tự (không bắt buộc)."),
    ("Họ và tên", "Bắt buộc. Họ tên đầy đủ, có dấu (ví dụ: Nguyễn Văn An)."),
    ("Chức vụ", "Bắt buộc. Ví dụ: Giám đốc, Phó Giám đốc, Trưởng phòng, Phó Trưởng phòng."),
    ("Cơ quan, đơn vị", "Bắt buộc. Ví dụ: Sở Tư pháp; Phòng Hành chính tư pháp, Sở Tư pháp; HĐND tỉnh."),
    ("Nhóm đối tượng", "Bắt buộc. Chọn trong danh sách thả xuống hoặc ghi mã nhóm:"),
)
_HELP_TAIL = (
    ("Bộ chủ quản", ("Bắt buộc với lãnh đạo sở và lãnh đạo phòng thuộc sở; để trống thì hệ thống suy ra "
                     "từ tên sở (ví dụ Sở Y tế → Bộ Y tế). Ghi tên bộ hoặc mã bộ.")),
    ("Email", "Bắt buộc. Một hộp thư công vụ (.gov.vn) cho mỗi người; không ghi hai địa chỉ trong một ô."),
    ("Điện thoại", "Không bắt buộc. Ví dụ: 0912345678."),
    ("Ghi chú", "Không bắt buộc."),
    ("Loại trùng", ("Hệ thống loại trùng theo địa chỉ thư. Một người vừa là đại biểu HĐND tỉnh vừa thuộc "
                    "nhóm khác thì giữ vai trò HĐND; nếu vai trò bị loại là lãnh đạo sở/phòng, người đó vẫn "
                    "nhận phiếu về bộ chủ quản. Hai người khác nhau không được dùng chung một hộp thư.")),
    ("Định dạng nhận", ("Excel (.xlsx, .xls), LibreOffice (.ods) hoặc .csv (UTF-8, dấu phẩy hoặc chấm "
                        "phẩy). Không dùng công thức trong các ô dữ liệu; không đặt mật khẩu cho file.")),
    ("Thời hạn", "Gửi danh sách trước hạn chót của kỳ khảo sát; sau hạn chót phần mềm tự động khóa."),
)
_HELP_MINISTRY = ("Mẫu", "Tối đa 2 công chức phụ trách CCHC mỗi đơn vị; tối đa 5 hội, hiệp hội mỗi bộ.")


def _help_lines(groups: list[GroupRule], variant: str) -> list[tuple[str, str]]:
    groups_lines = [("", f"{g.code}: {g.name}") for g in groups]
    return [*_HELP_HEAD, *groups_lines, *_HELP_TAIL, *([_HELP_MINISTRY] if variant == "ministry" else [])]


def _write_help(sheet, formats, groups, variant) -> None:
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 100, formats["wrap"])
    sheet.write(0, 0, "HƯỚNG DẪN ĐIỀN DANH SÁCH", formats["title"])
    for index, (label, text) in enumerate(_help_lines(groups, variant), start=2):
        sheet.write_string(index, 0, label, formats["bold"])
        sheet.write_string(index, 1, text)
