"""Queries: name resolution, profiles, event lists, search, timelines, links and paths, the
network and counts. Each returns plain data (dicts and lists), never text. Uses the store and
the core."""
