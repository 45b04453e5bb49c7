"""Output formats: what lineage writes, one module per format."""
