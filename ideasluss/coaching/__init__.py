"""Coaching: the triage inbox, the board, gate decisions, mentor notes and merging."""
