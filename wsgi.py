"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi …`."""

from survey_app import create_app

app = create_app()
