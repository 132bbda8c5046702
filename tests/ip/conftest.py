"""The IP tests use the idea factories."""

from tests.ideas.conftest import make_idea, make_principles  # noqa: F401
