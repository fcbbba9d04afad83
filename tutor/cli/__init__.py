"""The command line: parses arguments once, loads the course, runs a command or the tutor."""
