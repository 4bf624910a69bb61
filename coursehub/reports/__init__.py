"""Reports: SQL aggregates over learning records, their pages, CSV and charts."""
