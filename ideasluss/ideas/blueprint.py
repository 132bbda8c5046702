"""The ideas blueprint; its views live in views.py (find, submit, edit) and detail.py."""

from flask import Blueprint

bp = Blueprint("ideas", __name__, url_prefix="/ideas")
