"""Many accounts at once from a file: every row is checked first, then all are created or none."""

from survey_app.accounts.account_file import COLUMNS, AccountRow, read_account_file
from survey_app.accounts.models import OFFICER_LABELS, ROLE_LABELS, Role, User
from survey_app.accounts.services import account_problems, create_user
from survey_app.core.errors import InvalidInput
from survey_app.core.text import fold

#: What the "Vai trò" column accepts: the code, the label, or the officer's label for either kind of locality.
ROLE_NAMES = {fold(str(role)): role for role in Role} | {fold(label): role for role, label in ROLE_LABELS.items()} | {
    fold(label): Role.LOCALITY_OFFICER for label in (*OFFICER_LABELS.values(), "Cán bộ đầu mối")}


def _role(text: str) -> str:
    return ROLE_NAMES.get(fold(text), text)


def _row_errors(item: AccountRow, seen: dict[str, int]) -> list[dict]:
    cells = item.cells
    errors = [{"row": item.row, "column": COLUMNS[name], "message": f"Cột '{COLUMNS[name]}' đang trống."}
              for name in ("email", "full_name", "role") if not cells.get(name)]
    if errors:
        return errors
    clean, problems = account_problems(cells["email"], _role(cells["role"]), cells.get("locality") or None)
    errors = [{"row": item.row, "column": COLUMNS[p["field"]], "message": p["message"]} for p in problems]
    if clean["email"] and clean["email"] in seen:
        errors.append({"row": item.row, "column": COLUMNS["email"],
                       "message": f"Địa chỉ {clean['email']} đã có ở dòng {seen[clean['email']]} của tệp."})
    seen.setdefault(clean["email"] or "", item.row)
    return errors


def check_account_rows(rows: list[AccountRow]) -> list[dict]:
    """Every problem of every row, each with its row and column."""
    seen: dict[str, int] = {}
    return [error for item in rows for error in _row_errors(item, seen)]


def create_accounts_from_file(data: bytes, filename: str, *, actor) -> list[User]:
    """Create every account of the file, without passwords (each owner sets one by a mailed link); with any
    problem in any row, none."""
    rows = read_account_file(data, filename)
    if not rows:
        raise InvalidInput("Tệp không có dòng tài khoản nào dưới dòng tiêu đề.",
                           errors=[{"message": "Tệp không có dòng tài khoản nào dưới dòng tiêu đề."}])
    if errors := check_account_rows(rows):
        raise InvalidInput(f"Tệp có {len(errors)} lỗi; chưa tạo tài khoản nào. Hãy sửa rồi tải lên lại.",
                           errors=errors)
    return [create_user(email=r.cells["email"], password=None, role=_role(r.cells["role"]),
                        locality_code=r.cells.get("locality") or None, full_name=r.cells["full_name"], actor=actor)
            for r in rows]
