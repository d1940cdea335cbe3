"""Partnership governance: board meetings, decisions, escalated issues,
improvement initiatives, composition changes, the collaboration model.

Models live in partnerships/governance/models.py and are imported by
partnerships/models.py (app label ``partnerships``)."""
