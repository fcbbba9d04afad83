"""The views of a lesson's blocks: prose, formulas, lists, callouts, comparisons, diagrams, and the factory."""
