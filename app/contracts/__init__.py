"""What service modules may rely on from the platform: Protocols and plain data classes.

Get an implementation with `app.registry.services().get(name)`; names are listed in
each contract module.
"""
