"""Authoring in the browser: drafts as module files, preview, publishing, GIFT."""
