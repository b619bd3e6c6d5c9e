"""A small index model and ballots for the pure scoring tests (numbers easy to check by hand)."""

from survey_app.scoring.inputs import Ballot, ScoringInput, Unit, Voids
from survey_app.scoring.model import IndexModel, model_from_dict

SMALL_MODEL = {
    "model": "thu",
    "title": "Mô hình thử",
    "levels": {
        "province": {
            "name": "Cấp tỉnh", "max_points": 20, "survey_points": 10,
            "groups": {"HDND": "Đại biểu HĐND", "LD_SO": "Lãnh đạo sở", "LD_XA": "Lãnh đạo xã"},
            "fields": [
                {"code": "LV1", "name": "Chỉ đạo", "max_points": 10, "criteria": [
                    {"code": "TC1.1", "name": "Kế hoạch", "max_points": 6},
                    {"code": "TC1.2", "name": "Quan tâm", "max_points": 4, "source": "survey",
                     "weights": {"HDND": 0.4, "LD_SO": 0.6}}]},
                {"code": "LV2", "name": "Thủ tục", "max_points": 10, "criteria": [
                    {"code": "TC2.1", "name": "Công bố", "max_points": 4},
                    {"code": "TC2.2", "name": "Giải quyết", "max_points": 6, "source": "survey",
                     "weights": {"HDND": 0.5, "LD_SO": 0.3, "LD_XA": 0.2}}]},
            ]},
        "ministry": {
            "name": "Cấp bộ", "max_points": 10, "survey_points": 5,
            "groups": {"LD_VU": "Lãnh đạo vụ", "LD_SO": "Lãnh đạo sở"},
            "fields": [{"code": "LV1", "name": "Chỉ đạo", "max_points": 10, "criteria": [
                {"code": "TC1.1", "name": "Kế hoạch", "max_points": 5},
                {"code": "TC1.2", "name": "Quan tâm", "max_points": 5, "source": "survey",
                 "weights": {"LD_VU": 0.5, "LD_SO": 0.5}}]}]},
    },
    "classes": {
        "national": [{"code": "A", "name": "Nhóm A", "min_index": 90}, {"code": "B", "name": "Nhóm B", "min_index": 80},
                     {"code": "C", "name": "Nhóm C", "min_index": 0}],
        "local": [{"code": "XUAT_SAC", "name": "Xuất sắc", "min_index": 90, "min_field": 80},
                  {"code": "TOT", "name": "Tốt", "min_index": 80, "min_field": 70},
                  {"code": "HOAN_THANH", "name": "Hoàn thành", "min_index": 65, "min_field": 50},
                  {"code": "KHONG", "name": "Không hoàn thành", "min_index": 0}],
    },
}
UNITS = (Unit("01", "province", "Hà Nội"), Unit("79", "province", "TP Hồ Chí Minh"),
         Unit("31", "province", "Hải Phòng"), Unit("BTP", "ministry", "Bộ Tư pháp"))


def small_model() -> IndexModel:
    return model_from_dict(SMALL_MODEL)


def ballot(invitation_id: int, unit: str, group: str, issuer: str | None = None, **scores: tuple) -> Ballot:
    """ballot(7, "01", "HDND", TC1_2=(1.0, 0.5)): criterion codes with '_' for '.'."""
    return Ballot(invitation_id, issuer or unit, unit, group, {k.replace("_", "."): v for k, v in scores.items()})


def scoring_input(ballots, *, voids: Voids = Voids(), appraisal=None, units=UNITS) -> ScoringInput:
    return ScoringInput(small_model(), tuple(units), tuple(ballots), voids, appraisal or {})
