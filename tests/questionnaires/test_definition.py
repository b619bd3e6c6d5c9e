"""Snapshots: to_dict/from_dict round trip, and a checksum that is stable yet sees every change."""

import copy
import json

from survey_app.questionnaires.definition import checksum, from_dict, to_dict, to_public_dict
from survey_app.questionnaires.loader import CONFIG_DIR, load_file, load_yaml

PATH = CONFIG_DIR / "questionnaires" / "par-2025" / "BO_LD_VU.yaml"


def test_snapshot_round_trip_is_lossless():
    snapshot = to_dict(load_file(PATH))
    assert to_dict(from_dict(json.loads(json.dumps(snapshot)))) == snapshot


def test_checksum_is_stable_across_loads_and_key_order():
    first = to_dict(load_file(PATH))
    reordered = dict(reversed(list(to_dict(load_file(PATH)).items())))
    assert checksum(first) == checksum(reordered)
    assert len(checksum(first)) == 64


def test_checksum_changes_with_any_wording_score_or_flag():
    base = to_dict(load_file(PATH))
    changes = []
    for edit in (
        lambda d: d["sections"][0]["questions"][0].update(text=d["sections"][0]["questions"][0]["text"] + " "),
        lambda d: d["sections"][1]["questions"][0]["options"][1].update(score=0.7),
        lambda d: d["sections"][2]["questions"][0].update(required=False),
        lambda d: d.update(privacy_notice=""),
    ):
        changed = copy.deepcopy(base)
        edit(changed)
        changes.append(checksum(changed))
    assert checksum(base) not in changes and len(set(changes)) == len(changes)


def test_public_view_hides_scores_and_criteria():
    text = json.dumps(to_public_dict(load_file(PATH)))
    assert '"score"' not in text and '"criterion"' not in text and '"options"' in text


def test_the_documented_example_loads():
    doc = (CONFIG_DIR.parent / "docs" / "questionnaires.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    q = load_yaml(example, "docs/questionnaires.md")
    assert [question.code for question in q.questions()] == ["TC3_5_a", "TC3_6_a"]
