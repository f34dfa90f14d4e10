"""The SQLite store: schema, opening and checking a database, writing records, the search
index, integrity checks, read-only SQL and Datasette metadata. Uses only the core."""
