"""Parameter files of the built-in checklists: points, required frequencies, time limits."""
