"""The WSGI entry point for production: `gunicorn -w 4 wsgi:app`."""

import gc

from ideasluss import create_app

app = create_app()
# What is loaded by now (modules, metadata, the app) lives as long as the process: keep it out of
# the collector's full passes, which otherwise stall a request for 100–200 ms now and then.
gc.freeze()
