"""The detectors, by name: each is a pure function Context → Report (its findings and number of tests)."""

from collections.abc import Callable

from survey_app.integrity.context import Context
from survey_app.integrity.detectors.shared_device import detect_shared_device
from survey_app.integrity.findings import Report

Detector = Callable[[Context], Report]

REGISTRY: dict[str, Detector] = {
    "shared_device": detect_shared_device,
}
