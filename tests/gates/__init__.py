"""Quality gates: the access matrix, the bad-input sweep, accessibility and the browser journey."""
