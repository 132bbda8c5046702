"""Configuration from the environment: production needs a secret, development makes one."""

import stat

import pytest

from ideasluss import create_app
from ideasluss.config import from_environment

ENVIRONMENT = [
    "IDEASLUSS_ENV",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "SESSION_COOKIE_SECURE",
    "MAX_UPLOAD_MB",
    "RATELIMIT_AUTH",
    "PASSWORD_RESET_MAX_AGE",
]


@pytest.fixture
def environ(monkeypatch, tmp_path):
    """A clean environment with its own instance folder; returns a setter."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


@pytest.mark.parametrize("env", ["production", None], ids=["production", "unset"])
def test_production_refuses_to_start_without_a_secret_key(environ, tmp_path, env):
    if env:
        environ(IDEASLUSS_ENV=env)

    with pytest.raises(RuntimeError, match="SECRET_KEY must be set in production"):
        create_app()
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_production_starts_with_a_secret_key_and_secure_cookies(environ, tmp_path):
    environ(IDEASLUSS_ENV="production", SECRET_KEY="a long production secret")

    app = create_app()

    assert app.secret_key == "a long production secret"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_development_generates_a_secret_once_and_keeps_it_in_instance(environ, tmp_path):
    environ(IDEASLUSS_ENV="development")

    first, second = create_app(), create_app()

    secret_file = tmp_path / "instance" / "secret_key"
    assert first.secret_key == second.secret_key == secret_file.read_text().strip()
    assert len(first.secret_key) >= 32
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert not first.config["SESSION_COOKIE_SECURE"]
    assert first.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{tmp_path}/instance/ideasluss.sqlite"
    )
    assert first.config["REDIS_URL"] is None  # jobs run inline


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db/idesluss", "postgresql+psycopg://u:p@db/idesluss"),
        ("postgresql://u:p@db/idesluss", "postgresql+psycopg://u:p@db/idesluss"),
        ("postgresql+psycopg://u:p@db/idesluss", "postgresql+psycopg://u:p@db/idesluss"),
    ],
)
def test_database_urls_use_psycopg_3(environ, tmp_path, given, used):
    environ(DATABASE_URL=given, SECRET_KEY="x")

    assert from_environment(str(tmp_path), {})["SQLALCHEMY_DATABASE_URI"] == used


def test_settings_come_from_the_environment(environ, tmp_path):
    environ(
        SECRET_KEY="x",
        IDEASLUSS_ENV="development",
        SESSION_COOKIE_SECURE="1",
        MAX_UPLOAD_MB="2",
        REDIS_URL="redis://redis:6379/1",
        RATELIMIT_AUTH="5 per minute",
        PASSWORD_RESET_MAX_AGE="600",
    )

    config = from_environment(str(tmp_path), {})

    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert config["REDIS_URL"] == config["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/1"
    assert (config["RATELIMIT_AUTH"], config["PASSWORD_RESET_MAX_AGE"]) == ("5 per minute", 600)
