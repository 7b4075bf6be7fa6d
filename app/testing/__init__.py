"""Test kit: pytest fixtures (a `pytest11` plugin) agency repos reuse against the real platform."""
