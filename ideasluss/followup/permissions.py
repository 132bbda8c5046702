"""Who may read the innovation accounts and export them."""


def can_view_accounts(user, unit=None):
    """Staff read the city's accounts and their own unit's; administrators every unit's."""
    if not user.is_authenticated or not user.is_staff:
        return False
    return unit is None or user.is_admin or unit.id == user.unit_id


def can_download_export(export, user):
    """Only the person who asked for an export may download it."""
    return user.is_authenticated and export.user_id == user.id
