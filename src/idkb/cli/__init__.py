"""The command line: every command declared once (declarations), read by a fast parser or the
typer app, run by its action, rendered, inside one error boundary. May use every layer."""
