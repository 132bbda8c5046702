"""Notifications in the app and by e-mail, as each person has chosen."""
