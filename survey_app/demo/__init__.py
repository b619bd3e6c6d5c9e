"""The demo of `make run`, in parts run in order; each creates what is missing of it (so `demo load` can run
again) and returns the lines to print for a newcomer. A new capability adds a part showing it."""

from survey_app.demo import accounts, activity, base, corrections, desk, integrity, progress, scores

PARTS = [base, activity, accounts, scores, corrections, integrity, progress, desk]


def load_demo() -> list[str]:
    """Create what is missing of every part; return the lines to print."""
    return [line for part in PARTS for line in part.load()]
