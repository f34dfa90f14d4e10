"""The core: idkb's vocabulary, the load format's models, dates, names, errors and where files
live. It imports nothing else of idkb, and everything else may import it."""
