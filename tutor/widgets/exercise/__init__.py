"""The hands-on exercise shown at the end of its lesson."""
