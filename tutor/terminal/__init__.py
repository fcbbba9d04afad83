"""The terminal output path: mouse-motion policy and frame compression."""
