"""The application layer: what a user does with a collection, each rule written once.

`collection.Collection` is the face the commands talk to; the rest here is what it needs beyond storage
(today's plan in `day`, the import pipeline, reading note files, the built-in decks). It may use the
core, `system` and storage; the command line and the renderers sit above it, and storage never
imports it.
"""
