"""Catalogue, lesson pages, and the learner's progress records and summaries."""
