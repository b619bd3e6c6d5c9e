"""The detectors, by name: each is a pure function Context → Report (its findings and number of tests)."""

from collections.abc import Callable

from survey_app.integrity.context import Context
from survey_app.integrity.detectors.copied_sheets import detect_copied_sheets
from survey_app.integrity.detectors.habits import detect_speeding, detect_straight_lining
from survey_app.integrity.detectors.network_burst import detect_network_burst
from survey_app.integrity.detectors.shared_device import detect_shared_device
from survey_app.integrity.findings import Report

Detector = Callable[[Context], Report]

REGISTRY: dict[str, Detector] = {
    "shared_device": detect_shared_device,
    "network_burst": detect_network_burst,
    "copied_sheets": detect_copied_sheets,
    "straight_lining": detect_straight_lining,
    "speeding": detect_speeding,
}
