"""What each command does once its command line is read: one module per group of commands,
each function taking the declared parameters and returning a result for idkb.render.emit."""
