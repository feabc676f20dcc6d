"""Reads for the editor reports, one module per report (see :mod:`.shared` for what they share)."""
