"""The Textual application shell: screens, bindings and what the screens share. Opens no files."""
