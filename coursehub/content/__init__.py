"""Module content: the file format, its validator, and the importer of versions."""
