import pytest

from ideasluss import create_app
from ideasluss.extensions import db
from tests.conftest import RequestIsolatingClient, make_config


@pytest.fixture
def make_app(app, smtp_server, tmp_path):
    """Another app on the test database with settings of its own (CSRF on, an extra route…).

    Its requests share the test's transaction, like the main app's.
    """
    made = []

    def make(**overrides):
        uri = app.config["SQLALCHEMY_DATABASE_URI"]
        other = create_app(make_config(uri, tmp_path, smtp_server, **overrides))
        other.test_client_class = RequestIsolatingClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()
