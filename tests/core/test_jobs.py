"""One enqueue helper: RQ on Redis when REDIS_URL is set, inline otherwise."""

import pytest

from ideasluss.core.jobs import enqueue
from tests.conftest import TEST_REDIS_URL

DONE = []


def remember(value):
    """A job: module-level, so that an RQ worker can import it by name."""
    DONE.append(value)
    return value


def explode():
    raise RuntimeError("the job failed")


# Only the modes this run can exercise: RQ needs the Redis of TEST_REDIS_URL.
MODES = ["inline"] + (["rq"] if TEST_REDIS_URL else [])


@pytest.fixture(params=MODES)
def mode(request, app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", TEST_REDIS_URL if request.param == "rq" else None)
    DONE.clear()
    return request.param


def test_a_job_runs_once_either_now_or_in_the_worker(mode, run_jobs):
    job = enqueue(remember, 42)

    if mode == "inline":
        assert job is None and DONE == [42]
    else:
        assert job.get_status() == "queued" and DONE == []
    run_jobs()
    assert DONE == [42]
    if mode == "rq":
        assert job.return_value() == 42


def test_a_failing_inline_job_is_logged_and_does_not_break_the_request(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "REDIS_URL", None)

    assert enqueue(explode) is None

    assert "Inline job explode failed" in caplog.text and "the job failed" in caplog.text
