"""Exports to Anki: an `.apkg` package (genanki) and Anki's text format (CSV/TSV).

The modules, each small and for one reason:

- `fields`: text → Anki field HTML, tags and deck names (the escaping rules live here and only here);
- `anki_model`: the fixed note types (ids, field and template names) Anki matches notes against, and
  the deck options preset;
- `notes`: which cards make one note (a term and its reverse; a cloze), with which type and fields;
- `source`: reads the cards (and, for scheduling, their review log) out of the store;
- `apkg`: builds the package with genanki and writes it atomically;
- `scheduling`: the review state and review log that let SM-2 progress continue in Anki;
- `csv_text`: Anki's text import format;
- `files`: the temp-file-then-rename write both formats share;
- `bulk`: the garbage collector paused while an export builds its millions of rows.

Nothing here imports the `anki` package: it is a test-time validator only.
"""
