"""Storing an analysis' flags, without a database round trip of the detectors: keys, updates, long clusters."""

from survey_app.integrity.flags import CLUSTER_LENGTH, cluster_key, list_flags, save_flags


def _flag(locality="01", cluster="device:abc", ids=(1, 2, 3), severity="high", q=1e-6):
    return {"rule": "shared_device", "locality": locality, "severity": severity, "response_ids": list(ids),
            "evidence": {"people": len(ids), "q_value": q}, "cluster": cluster}


def test_one_cluster_in_two_localities_is_two_flags_and_long_keys_fit():
    assert cluster_key(_flag("01")) != cluster_key(_flag("79"))
    assert len(cluster_key(_flag(cluster="x" * 500))) <= CLUSTER_LENGTH
    assert cluster_key({**_flag(), "cluster": None}) == "01/ids:1,2,3"


def test_figures_refresh_silently_but_a_bigger_cluster_is_new_evidence(db, make_campaign):
    campaign = make_campaign()
    first = save_flags(campaign, [_flag(), _flag("79")], actor="test")
    assert len(first.new) == 2
    quiet = save_flags(campaign, [_flag(q=2e-6), _flag("79")], actor="test")
    assert quiet.updated == [] and quiet.unchanged == 2
    grown = save_flags(campaign, [_flag(ids=(1, 2, 3, 4)), _flag("79")], actor="test")
    db.session.commit()
    assert len(grown.updated) == 1
    changed = [f for f in list_flags(campaign.id) if f.has_new_evidence]
    assert len(changed) == 1 and changed[0].invitation_ids == [1, 2, 3, 4]
