"""Background jobs of the follow-up: building an export, and purging expired ones hourly."""

import logging
from datetime import timedelta

from ..core.errors import Refused
from ..core.jobs import get_queue, job
from ..core.models import utcnow
from ..core.session import commit
from ..extensions import db
from . import exports
from .models import ExportJob

log = logging.getLogger(__name__)
PURGE_INTERVAL = timedelta(hours=1)
PURGE_JOB_ID = "exports-purge"


@job
def run_export(export_id):
    """Build one export's file, reporting progress; a finished export is left as it is."""
    export = db.session.get(ExportJob, export_id)
    if export is None or export.status in ("done", "failed"):
        return
    export.status, export.progress, export.error = "running", 1, None
    part = exports.export_path(export).with_suffix(".part")
    commit()

    def progress(percent):
        export.progress = max(1, min(99, int(percent)))
        commit()

    try:
        exports.build_export(export, progress)
    except Exception as exc:
        db.session.rollback()
        log.exception("Export %s failed", export_id)
        exports.remove_files([part])
        failed = db.session.get(ExportJob, export_id)
        if failed is not None:
            failed.status = "failed"
            failed.error = exc.message if isinstance(exc, Refused) else None
            failed.finished_at = utcnow()
            failed.expires_at = failed.finished_at + exports.EXPIRES_AFTER
            commit()
        return
    now = utcnow()
    export.status, export.progress = "done", 100
    export.finished_at, export.expires_at = now, now + exports.EXPIRES_AFTER
    commit()


@job
def periodic_export_purge():
    """Delete expired exports, then schedule the next purge (one fixed job id: never doubled)."""
    try:
        exports.purge_expired_exports()
        commit()
    finally:
        schedule_export_purge(get_queue(), PURGE_INTERVAL)


def schedule_export_purge(queue, delay=timedelta(minutes=1)):
    """Called by `flask worker` when it starts, like the outbox sweep."""
    queue.enqueue_in(delay, periodic_export_purge, job_id=PURGE_JOB_ID)
