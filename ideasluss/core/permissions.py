"""Route guards shared by the domains; object-level rules live on the models."""

import functools

from flask import abort
from flask_login import current_user

from ..extensions import login_manager


def roles_required(*roles):
    """Sign-in first; then 403 unless the user holds one of `roles`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


admin_required = roles_required("admin")


def get_or_404(model, ident):
    from ..extensions import db

    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj
