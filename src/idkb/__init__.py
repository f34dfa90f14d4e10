"""idkb: a command-line knowledge base of the CCP International Department."""

__version__ = "0.1.0"
