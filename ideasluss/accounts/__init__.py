"""Users, roles, organisational units, sign-in and profiles."""
