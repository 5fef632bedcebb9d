"""Load and check everything in data/, and build the knowledge base from it.

The front of the pipeline as one call: find the data files, parse each once
(yamlsource), validate it against its schema (schemas), check ids and
references across files (references), and only when nothing is wrong build
the typed records (records). Every file also passes the privacy guard
(privacy). Any problem raises `DataError` with all of them.
"""
from __future__ import annotations

from pathlib import Path

from . import privacy, records
from .model import KnowledgeBase, Vocabularies
from .problems import DataError, Problem, display_path
from .references import Index, ReferenceChecker
from .schemas import validate
from .yamlsource import Source, load

#: Each vocabulary file and the schema it follows (data/schemas/<name>.schema.json).
VOCABULARY_SCHEMAS = {
    "cqc-framework": "cqc-framework",
    "lga-standards": "lga-standards",
    "topics": "vocabulary",
    "principles": "vocabulary",
    "abuse-types": "vocabulary",
    "finding-kinds": "vocabulary",
    "document-kinds": "vocabulary",
    "briefing-kinds": "vocabulary",
    "glossary": "glossary",
    "areas": "areas",
    "given-names": "given-names",
    "import-layouts": "import-layouts",
}
#: Folders of data/ holding one record per file, and their schema.
RECORD_FOLDERS = {"reviews": "review", "briefings": "briefing"}


def _schema(data_dir: Path, name: str) -> Path:
    return data_dir / "schemas" / f"{name}.schema.json"


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def read_vocabularies(data_dir: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Parse and schema-check the vocabulary files; return them by name, and their problems."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    vocab: dict[str, Source] = {}
    folder = data_dir / "vocabularies"
    for name, schema in VOCABULARY_SCHEMAS.items():
        candidates = [folder / f"{name}.yml", folder / f"{name}.yaml"]
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            problems.append(Problem(display_path(candidates[0]), 1, 1, f"missing vocabulary file {name}.yml"))
            continue
        source = load(path)
        problems += source.problems
        if source.data is not None:
            problems += validate(source, _schema(data_dir, schema))
            problems += privacy.check(source)
        vocab[name] = source
    known = {p.name for p in _yaml_files(folder)} - {f"{n}{s}" for n in VOCABULARY_SCHEMAS for s in (".yml", ".yaml")}
    for stray in sorted(known):
        problems.append(Problem(display_path(folder / stray), 1, 1,
                                f"unknown vocabulary file; expected one of: {', '.join(VOCABULARY_SCHEMAS)}"))
    return vocab, problems


def read_all(data_dir: Path) -> tuple[dict[str, Source], dict[str, list[Source]], list[Problem]]:
    """Parse and schema-check every data file once; return vocabularies, records by folder, problems."""
    data_dir = Path(data_dir)
    vocab, problems = read_vocabularies(data_dir)
    names = privacy.PersonalNames(vocab["given-names"].data) if getattr(vocab.get("given-names"), "data", None) else None
    folders: dict[str, list[Source]] = {}
    for name, schema in RECORD_FOLDERS.items():
        folders[name] = []
        for path in _yaml_files(data_dir / name):
            source = load(path)
            problems += source.problems
            if source.data is not None:
                problems += validate(source, _schema(data_dir, schema))
                problems += privacy.check(source)
                if names is not None:
                    problems += privacy.check_names(source, names)
            folders[name].append(source)
    return vocab, folders, problems


def check_references(vocab: dict[str, Source], folders: dict[str, list[Source]]) -> list[Problem]:
    checker = ReferenceChecker(Index({name: s.data for name, s in vocab.items()}))
    for name in ("cqc-framework", "lga-standards", "topics", "principles", "abuse-types",
                 "finding-kinds", "document-kinds", "briefing-kinds", "areas"):
        if name in vocab:
            list_key = {"cqc-framework": "themes", "lga-standards": "themes", "areas": "areas"}.get(name, "terms")
            checker.vocabulary_ids(vocab[name], list_key, "id")
    if "glossary" in vocab:
        checker.vocabulary_ids(vocab["glossary"], "terms", "term")
    if "topics" in vocab:
        checker.topic_glossary(vocab["topics"])
    for source in folders.get("reviews", []):
        if source.data is not None:
            checker.review(source)
    for source in folders.get("briefings", []):  # after every review: they cite findings by id
        if source.data is not None:
            checker.briefing(source)
    return checker.problems


def _read_and_check(data_dir: Path):
    vocab, folders, problems = read_all(data_dir)
    problems += check_references(vocab, folders)
    return vocab, folders, sorted(set(problems))


def check(data_dir: Path) -> list[Problem]:
    """Every problem in the data, sorted by file and line (empty when all is well)."""
    return _read_and_check(data_dir)[2]


def _published(source: Source) -> bool:
    return source.data.get("status", "published") == "published"


def vocabularies_of(vocab: dict[str, Source]) -> Vocabularies:
    """The vocabularies as records, from their checked sources."""
    v = {name: source.data for name, source in vocab.items()}
    return Vocabularies(
        cqc=records.cqc_framework(v["cqc-framework"]), lga=records.lga_standards(v["lga-standards"]),
        topics=records.vocabulary(v["topics"]), principles=records.vocabulary(v["principles"]),
        abuse_types=records.vocabulary(v["abuse-types"]), finding_kinds=records.vocabulary(v["finding-kinds"]),
        document_kinds=records.vocabulary(v["document-kinds"]),
        briefing_kinds=records.vocabulary(v["briefing-kinds"]), glossary=records.glossary(v["glossary"]),
        areas=records.areas(v["areas"]))


def load_knowledge_base(data_dir: Path, drafts: bool = False) -> KnowledgeBase:
    """The checked knowledge base; raises DataError listing every problem if there is any.

    Reviews and briefings with `status: draft` are checked but left out (an imported draft may still
    hold a name the privacy guard cannot recognise), unless `drafts` is true.
    """
    vocab, folders, problems = _read_and_check(data_dir)
    if problems:
        raise DataError(problems)
    vocabularies = vocabularies_of(vocab)
    reviews = [records.review(s.data, s.shown, vocabularies.cqc, vocabularies.lga) for s in folders["reviews"]
               if drafts or _published(s)]
    findings = {f.id: f for review in reviews for f in review.findings()}
    by_id = {review.id: review for review in reviews}
    briefings = [records.briefing(s.data, s.shown, findings, by_id) for s in folders["briefings"]
                 if drafts or _published(s)]
    briefings.sort(key=lambda b: b.title.lower())
    briefings.sort(key=lambda b: b.date, reverse=True)  # newest first; title order among equals
    return KnowledgeBase(vocabularies, reviews, briefings)
