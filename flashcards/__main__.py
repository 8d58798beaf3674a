"""`python -m flashcards` works exactly like the `flashcards` command."""

from flashcards.entry import main

if __name__ == "__main__":
    main()
