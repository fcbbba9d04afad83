"""What frames the screens: key bar, warning bar, lesson list, crash containment, hanging indent."""
