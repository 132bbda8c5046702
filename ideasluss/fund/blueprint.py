"""The fund blueprint (/fund); views live in views.py (calls, applications, follow-up) and
committee.py (review, recusal, decisions)."""
from flask import Blueprint

bp = Blueprint("fund", __name__, url_prefix="/fund")
