"""Loading: reading load files, validating them record by record, datasets kept beside the
database, export, and building or refreshing the database a command reads. Uses the store and
the core."""
