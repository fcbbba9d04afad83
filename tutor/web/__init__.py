"""The tutor in a browser: `cnn-tutor serve` and its JupyterHub launcher entry (needs the `web` extra)."""
