"""Governance JSON API: (prefix, viewset, basename) triples for config/api.py."""

routes: list = []
