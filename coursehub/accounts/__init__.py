"""Users, roles, organisations; registration, sign-in and profile."""
