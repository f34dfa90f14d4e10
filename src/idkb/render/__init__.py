"""Rendering: query results laid out as sections for people (rich on a terminal, plain text
when piped), flat rows for CSV, JSON and JSON Lines, and graph formats. Uses the core."""
