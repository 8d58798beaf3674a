"""What the program asks of the machine: the clock, where the data lives, the files it ships with.

Used by the application layer, storage and the command line alike (never by the core, which is given
the day and the paths as arguments).
"""
