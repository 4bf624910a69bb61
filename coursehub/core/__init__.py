"""Cross-cutting pieces: the database base, Markdown rendering, access policies, errors."""
