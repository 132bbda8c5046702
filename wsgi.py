"""The WSGI entry point for production: `gunicorn -w 4 wsgi:app`."""
from ideasluss import create_app

app = create_app()
