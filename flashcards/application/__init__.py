"""The application layer: what a user does with a collection, each rule written once.

`collection.Collection` is the face the commands talk to; the rest here is the glue it needs that is not
storage (the clock, where files live, reading note files, the import pipeline). It may use the core and
storage; the command line and the renderers sit above it and storage never imports it.
"""
