"""Administration: users, organisations, cohorts, and the audit log."""
