"""Question types (a registry with pure grading), quiz attempts and responses."""
