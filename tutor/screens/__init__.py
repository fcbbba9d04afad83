"""The screens: the course map, a lesson, review, help and the too-small notice. Screens route and persist."""
