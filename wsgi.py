"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi …`."""

import gc

from survey_app import create_app

app = create_app()
# The ~200,000 objects of the imports and the app live as long as the process. Frozen, they leave the garbage
# collector's full passes, which otherwise cost 100 ms or more in the request that triggers one (issue 13: the
# desk's p95 was those passes). bench/progress_bench.py measures the app built here.
gc.freeze()
