"""Page-number pagination for admin lists (short lists; public lists use keyset pagination)."""

from flask import abort, request

from ..extensions import db


def paginate(stmt, per_page=25):
    """db.paginate with the page taken from the query string; bad page numbers give 404."""
    page = request.args.get("page", 1, type=int)
    if page < 1:
        abort(404)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=True, count=True)
