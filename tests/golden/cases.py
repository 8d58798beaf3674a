"""Which notes have golden files, and how to extract, write and read them.

Paths given to the extractor are relative to the repository (`../shared/...` for the shared notes),
so golden files do not depend on where the checkout lives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flashcards.core.cards import Extraction
from flashcards.core.extract import extract

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
GOLDEN_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class GoldenCase:
    name: str  # golden file name without .json
    source: Path  # where the note is read from
    path: str  # the path handed to the extractor (as a user would type it from the repository)
    deck: str

    @property
    def golden(self) -> Path:
        return GOLDEN_DIR / f"{self.name}.json"

    def available(self) -> bool:
        return self.source.is_file()

    def text(self) -> str:
        return self.source.read_text(encoding="utf-8")

    def extract(self) -> Extraction:
        return extract(self.text(), self.path, self.deck)


SEED = GoldenCase(
    "seed-docker-notes", SHARED / "seeds" / "docker-notes.md", "../shared/seeds/docker-notes.md", "docker"
)
DECK = GoldenCase("decks-docker", REPO / "decks" / "docker.md", "decks/docker.md", "docker")


def _corpus(name: str, file: str, deck: str) -> GoldenCase:
    return GoldenCase(f"corpus-{name}", SHARED / "corpus" / file, f"../shared/corpus/{file}", deck)


CORPUS = (
    _corpus(
        "carpentries-glossary",
        "carpentries-incubator__docker-introduction__learners-reference.md",
        "docker-intro",
    ),
    _corpus("swcarpentry-reference", "swcarpentry__shell-novice__reference.md", "shell"),
    _corpus("wsargent-cheat-sheet", "wsargent__docker-cheat-sheet__README.md", "docker-cheat-sheet"),
    _corpus("docker-run-reference", "docker__cli__docs-reference-commandline-run.md", "docker-run"),
    _corpus("tldr-docker-run", "tldr-pages__tldr__pages-common-docker-run.md", "tldr"),
    _corpus(
        "nguyenhphilip-deep-learning",
        "nguyenhphilip__my-dg__content-notes-statistics-Deep-Learning.md",
        "deep-learning",
    ),
    _corpus("devops-containers", "bregman-arie__devops-exercises__topics-containers-README.md", "devops"),
    _corpus(
        "bobbyiliev-ls",
        "bobbyiliev__101-linux-commands-ebook__ebook-en-content-001-the-ls-command.md",
        "linux",
    ),
    _corpus("aws-saa-guide", "keenanromain__AWS-SAA-C02-Study-Guide__README.md", "aws"),
)


def _fields(name: str, file: str) -> GoldenCase:
    return GoldenCase(
        f"fields-{name}", SHARED / "corpus" / "fields" / file, f"../shared/corpus/fields/{file}", name
    )


# Notes of other fields (`../shared/corpus/fields/`), pinned the same way: the deck is the short name.
FIELDS = (
    _fields("chinese-vocab", "AStrangePotato__kurivo__content-docs-chinese-vocab.md"),
    _fields("congress", "AmaitemOffiong__aoffiong062023__Activites-Markdown-classnote5.md"),
    _fields("mathematica", "AnyonicFugue__logseq_public_notes__pages-Mathematica.md"),
    _fields("algorithms", "JacksonBryantFGCU__leetcode-solutions__notes-patterns.md"),
    _fields("ds-interview", "Jingciii__DS-Interview-Questions-Flashcards__README.md"),
    _fields("anatomy", "Kayli__logspub__bio-bio-anatomy.md"),
    _fields("pharmacokinetics", "NoNotNotes__Mneme__Garden-08-762a-pharmacokinetics.md"),
    _fields("python", "abechoi__My_Python__README.md"),
    _fields("aws-practitioner", "albertoeks__aws-cloud-practitioner-notes__README.md"),
    _fields("physics", "egganto__notes__EDUWW-g12-Physics-Module_9.md"),
    _fields("ups", "rmscode__binary-garden__docs-hardware-ups-general.md"),
    _fields("cadences", "tnichols217__notes-old__APMusicTheory-Cadences and Musical Ideas.md"),
    _fields("statistics", "twangodev__cca__docs-AP-Statistics-chapter-1.md"),
    _fields("history", "viveknathani__viveknathani.github.io__src-static-markdown-HISTORY.md"),
)
ALL = (SEED, DECK, *CORPUS, *FIELDS)


def card_dicts(extraction: Extraction) -> list[dict[str, object]]:
    return [dict(card.to_dict()) for card in extraction.cards]


def render(cards: list[dict[str, object]]) -> str:
    return json.dumps(cards, indent=2, ensure_ascii=False) + "\n"


def write(case: GoldenCase) -> Path:
    case.golden.write_text(render(card_dicts(case.extract())), encoding="utf-8")
    return case.golden


def read(case: GoldenCase) -> list[dict[str, object]]:
    loaded = json.loads(case.golden.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded
