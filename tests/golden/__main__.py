"""`python -m tests.golden`: rewrite every golden file whose note is available."""

from __future__ import annotations

from tests.golden.cases import ALL, write


def main() -> None:
    for case in ALL:
        if not case.available():
            print(f"skipped {case.name}: {case.source} is absent")
            continue
        print(f"wrote {write(case)}")


if __name__ == "__main__":
    main()
