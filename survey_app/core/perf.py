"""Performance helpers measured to matter (see bench/)."""

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc():
    """Pause the cyclic garbage collector around a burst of allocations (a 60,000-row import makes
    ~10 containers a row and spends a quarter of its time in needless collections); collection resumes after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
