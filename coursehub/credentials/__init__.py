"""Badges awarded on completion, and their public verification pages."""
