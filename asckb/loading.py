"""Load and check everything in data/, and build the knowledge base from it.

The front of the pipeline as one call: find every file under data/
(datafiles: each is read or reported), parse each once (textfile,
yamlsource), validate it against its schema (schemas) and against what the
build needs beyond the schema (constraints), check ids and references across
files (references), and build the typed records (records). Every file,
schemas included, also passes the privacy guard (privacy). Knock-on problems
are left out (a file's schema errors where YAML already failed; references
to a vocabulary that could not be read), at most MAX_PROBLEMS_PER_FILE are
listed for one file, and any problem raises `DataError` with all of them.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import constraints, cores, datafiles, facets, privacy, records, textfile
from .checked import CheckedReviews
from .model import KnowledgeBase, Review, Vocabularies, is_published, newest_first
from .problems import DataError, Problem, display_path, excerpt
from .references import Index, ReferenceChecker, ReviewIds
from .schemas import Schema, load_schema, validate
from .yamlsource import Source, load

#: Each vocabulary file that is not a facet's plain list of terms, and the schema it follows
#: (data/schemas/<name>.schema.json). The registry (facets.yml) names the others (facets.TERMS_SCHEMA).
VOCABULARY_SCHEMAS = {
    facets.REGISTRY: "facets",
    "cqc-framework": "cqc-framework",
    "lga-standards": "lga-standards",
    "glossary": "glossary",
    "areas": "areas",
    "given-names": "given-names",
    "import-layouts": "import-layouts",
}
#: Folders of data/ holding one record per file, and their schema.
RECORD_FOLDERS = {"reviews": "review", "briefings": "briefing"}
#: From how many reviews a build reads them on every core, and how many a worker takes at a time.
PARALLEL_FROM, PARALLEL_CHUNK = 64, 8
#: Problems listed for one file; the rest are counted ("and 120 more problems in this file").
MAX_PROBLEMS_PER_FILE = 50

#: The vocabularies that are not plain lists of terms: their record (a field of model.Vocabularies), file and builder.
_FRAMEWORK_RECORDS = {
    "cqc": ("cqc-framework", records.cqc_framework), "lga": ("lga-standards", records.lga_standards),
    "glossary": ("glossary", records.glossary), "areas": ("areas", records.areas),
}
# What building a record raises when a schema in data/schemas/ was loosened below what the site needs.
_MODEL_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)


def vocabulary_schemas(data_dir: Path) -> dict[str, str]:
    """Every vocabulary file data/ may hold, and its schema: the fixed ones and those the registry names.

    The registry is parsed here on its own, before it is checked, so that the survey knows the files
    it names; the check reports whatever is wrong in it.
    """
    named = {}
    folder = Path(data_dir) / "vocabularies"
    path = folder / f"{facets.REGISTRY}.yml"
    if path.is_file() and not path.is_symlink():
        named = facets.named_vocabularies(load(path).data)
    if not named and folder.is_dir():
        # No registry that can be read (its own problem is reported): every other vocabulary file is taken
        # for a list of terms, rather than each reported as unknown because of it.
        named = {p.stem: facets.TERMS_SCHEMA for p in folder.glob("*.y*ml") if p.suffix in (".yml", ".yaml")}
    return {**VOCABULARY_SCHEMAS, **{name: schema for name, schema in named.items() if name not in VOCABULARY_SCHEMAS}}


def _survey(data_dir: Path) -> tuple[datafiles.Survey, dict[str, str]]:
    vocabularies = vocabulary_schemas(data_dir)
    schemas = sorted(set(vocabularies.values()) | set(RECORD_FOLDERS.values()))
    return datafiles.survey(data_dir, list(vocabularies), list(RECORD_FOLDERS), schemas), vocabularies


class ReadCache:
    """Each file as the last check read it, reused while nothing it was checked with has changed.

    For a process that checks the same data/ again and again (`mkdocs serve`): a file is parsed and
    checked again only when its bytes, its schema or the list of given names differ from last time.
    A review's own checks (its references to the vocabularies) and its record are reused too while the
    vocabularies are unchanged; the checks across files (ids used twice) are always made again.
    """

    def __init__(self):
        self._entries: dict[str, tuple[str, Source, list[Problem], bool]] = {}
        self._reviewed: dict[str, tuple[str, tuple, object]] = {}  # a review's own checks and record
        self._schemas: dict[str, tuple[bytes, Schema | None, list[Problem]]] = {}

    def schema(self, path: Path, extension: bytes = b""):
        """(compiled schema, its problems) if the schema file (and what the registry adds to it) is as it was."""
        entry = self._schemas.get(str(path))
        try:
            return entry[1:] if entry is not None and Path(path).read_bytes() + extension == entry[0] else None
        except OSError:
            return None

    def keep_schema(self, path: Path, schema, problems: list[Problem], extension: bytes = b"") -> None:
        try:
            self._schemas[str(path)] = (Path(path).read_bytes() + extension, schema, problems)
        except OSError:
            pass

    def get(self, path: Path, version: str):
        entry = self._entries.get(str(path))
        return entry[1:] if entry is not None and entry[0] == version else None

    def put(self, path: Path, version: str, source: Source, found: list[Problem], sound: bool) -> None:
        self._entries[str(path)] = (version, source, found, sound)

    def keep_only(self, paths) -> None:
        """Forget files that are gone."""
        wanted = {str(p) for p in paths}
        self._entries = {k: v for k, v in self._entries.items() if k in wanted}
        self._reviewed = {k: v for k, v in self._reviewed.items() if k in wanted}

    def version_of(self, path: Path) -> str | None:
        entry = self._entries.get(str(path))
        return entry[0] if entry is not None else None

    def reviewed(self, path: Path, version: str, context: tuple):
        """What reading a review, checking it on its own and building its record gave last time, if the
        file is as it was (version) and was checked with the same vocabularies (context)."""
        entry = self._reviewed.get(str(path))
        return entry[2] if entry is not None and entry[:2] == (version, context) else None

    def keep_reviewed(self, path: Path, version: str, context: tuple, result) -> None:
        """Keep what a review gave, and let its parsed file go: it is parsed again only when it, its schema
        or the vocabularies change (the parsed files of a thousand reviews were most of a preview's
        memory, and most of what the garbage collector went through at each rebuild)."""
        self._reviewed[str(path)] = (version, context, result)
        self._entries.pop(str(path), None)


def _version(*parts: bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


class _Reader:
    """Reads each data file once with its schema, collecting every problem."""

    def __init__(self, data_dir: Path, survey: datafiles.Survey, vocabularies: dict[str, str],
                 cache: ReadCache | None = None):
        self.data_dir = data_dir
        self.survey = survey
        self.vocabulary_schemas = vocabularies
        self.registry: facets.Registry | None = None  # once the registry is read and sound
        self.extensions: dict[str, dict] = {}  # schema name -> the fields the registry adds to it
        self.schemas: dict[str, Schema | None] = {}
        self.problems: list[Problem] = []
        self.cache = cache
        self.names_version = b""

    def schema(self, name: str) -> Schema | None:
        if name not in self.schemas:
            path = self.survey.schemas.get(name)
            if path is None:
                shown = display_path(self.data_dir / "schemas" / f"{name}{datafiles.SCHEMA_SUFFIX}")
                self.problems.append(Problem(shown, 1, 1, f"missing schema file {name}{datafiles.SCHEMA_SUFFIX}"))
                self.schemas[name] = None
            else:
                extension = self._extension(name)
                loaded = self.cache.schema(path, extension) if self.cache is not None else None
                if loaded is None:
                    schema, problems, text = load_schema(path, self.extensions.get(name))
                    problems = problems + privacy.check(Source(path, display_path(path), None, [], text))
                    if self.cache is not None:
                        self.cache.keep_schema(path, schema, problems, extension)
                else:
                    schema, problems = loaded
                self.problems += problems
                self.schemas[name] = schema
        return self.schemas[name]

    def read(self, path: Path, schema_name: str, kind: str, names=None) -> tuple[Source, bool]:
        """The parsed file, and whether it could be read and met its schema (from the cache if unchanged)."""
        version = self._version(path, schema_name, names) if self.cache is not None else None
        if version is not None:
            hit = self.cache.get(path, version)
            if hit is not None and (hit[0].data is None or self.schema(schema_name) is not None):
                source, found, sound = hit
                self.problems += found
                return source, sound
        source, found, sound = self._read(path, schema_name, kind, names)
        self.problems += found
        if version is not None:
            self.cache.put(path, version, source, found, sound)
        return source, sound

    def _version(self, path: Path, schema_name: str, names) -> str | None:
        """What the file's checks depend on: its bytes, its schema file's, the given names' (None: unreadable)."""
        try:
            schema = self.survey.schemas.get(schema_name)
            return _version(Path(path).read_bytes(), schema.read_bytes() if schema else b"", schema_name.encode(),
                            self._extension(schema_name),
                            self.names_version if names is not None else b"")
        except OSError:
            return None

    def _read(self, path: Path, schema_name: str, kind: str, names=None) -> tuple[Source, list[Problem], bool]:
        source = load(path)
        found = list(source.problems)
        sound = source.data is not None and not source.problems
        if source.data is not None:
            schema = self.schema(schema_name)
            if schema is None:
                sound = False
            else:
                placed = {(p.line, p.column) for p in source.problems}  # YAML's own message says it there
                invalid = [p for p in validate(source, schema) if (p.line, p.column) not in placed]
                found += invalid
                sound = sound and not invalid
            found += constraints.check(source, kind)
            if names is not None:
                found += privacy.check_names(source, names)
        found += privacy.check(source)
        return source, found, sound

    def _extension(self, schema_name: str) -> bytes:
        """What the registry adds to a schema, as bytes: part of what a file's check depends on."""
        extension = self.extensions.get(schema_name)
        return json.dumps(extension, sort_keys=True).encode() if extension else b""

    def vocabularies(self) -> tuple[dict[str, Source], set[str]]:
        """The vocabulary sources by name, and the names of those that could not be read or failed their schema.

        The registry is read first: it says which fields the review schema gains (a new facet's field).
        """
        vocab: dict[str, Source] = {}
        unusable: set[str] = set()
        for name, schema in self.vocabulary_schemas.items():
            path = self.survey.vocabularies.get(name)
            if path is None:
                shown = display_path(self.data_dir / "vocabularies" / f"{name}.yml")
                self.problems.append(Problem(shown, 1, 1, f"missing vocabulary file {name}.yml"))
                unusable.add(name)
                continue
            vocab[name], sound = self.read(path, schema, name)
            if sound and name == facets.REGISTRY:
                found = facets.check(vocab[name])
                self.problems += found
                sound = not found
                if sound:
                    self.registry = facets.registry(vocab[name].data)
                    self.extensions = {"review": review_schema_fields(self.registry)}
            if not sound:
                unusable.add(name)
        return vocab, unusable


def read_vocabularies(data_dir: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Parse and check the vocabulary files (and their schemas); return them by name, and their problems."""
    data_dir = Path(data_dir)
    survey, vocabularies = _survey(data_dir)
    if not data_dir.is_dir():
        return {}, survey.problems
    reader = _Reader(data_dir, survey, vocabularies)
    vocab, _ = reader.vocabularies()
    problems = [p for folder in ("", "vocabularies", "schemas") for p in survey.by_folder.get(folder, [])]
    return vocab, sorted(set(problems + reader.problems))


class _Loader:
    """One pass over data/: each file read, checked and, when it is sound, built into its record, then let go.

    Reviews stream: each is parsed, validated, its references checked against the vocabularies and the
    reviews before it, and its record built, before the next is read, so the parsed files (ten times
    the size of their records, with every value's line and column) are never all held at once. With
    a cache (a live preview), the parsed files are kept for the next rebuild instead.
    """

    def __init__(self, data_dir: Path, cache: ReadCache | None, drafts: bool, store: Path | None = None):
        self.data_dir = Path(data_dir)
        self.cache = cache
        self.drafts = drafts
        self.store = store
        self.survey, vocabularies = _survey(self.data_dir)
        self.reader = _Reader(self.data_dir, self.survey, vocabularies, cache)
        self.model_problems: list[Problem] = []  # records the site cannot build (a loosened schema)
        self.context: tuple = ()

    def run(self) -> tuple[KnowledgeBase | None, list[Problem]]:
        """The knowledge base (None if anything is wrong) and every problem, capped per file."""
        if not self.data_dir.is_dir():
            return None, self.survey.problems
        reader = self.reader
        vocab, unusable = reader.vocabularies()
        names = None
        if "given-names" not in unusable:
            names = privacy.PersonalNames(vocab["given-names"].data)
            reader.names_version = (vocab["given-names"].text or "").encode("utf-8")
        checker = _checker(vocab, unusable, reader.registry)
        if self.cache is not None:  # what a review's own checks and record depend on besides the file
            self.context = (tuple(self.cache.version_of(s.path) for s in vocab.values()), tuple(sorted(unusable)),
                            self.drafts, names is not None)
        vocabularies = None
        if not reader.problems and not unusable and reader.registry is not None:
            schemas = {**VOCABULARY_SCHEMAS, **reader.registry.vocabularies()}
            vocabularies = vocabularies_of(vocab, lambda name, make: self._build(vocab[name], schemas[name], make))
        kept = [s.path for s in vocab.values()]
        reviews, unreadable = [], []
        for read in self._reviews(sorted(self.survey.records["reviews"]), names, checker, vocabularies):
            kept.append(read.path)
            reader.problems += read.problems
            self.model_problems += read.model_problems
            if read.unreadable:
                unreadable.append(read.unreadable)
            if read.ids is not None:
                checker.add_review(read.ids)  # ids used by another review: in the order of the files
            reviews.append(read.record)
        checker.unreadable = unreadable
        reviews = [review for review in reviews if review]
        findings = {f.id: f for review in reviews for f in review.findings()}
        by_id = {review.id: review for review in reviews}
        briefings = []
        for path in sorted(self.survey.records["briefings"]):  # after every review: they cite findings by id
            source, clean = self._read(path, "briefing", names, checker)
            kept.append(source.path)
            if clean and vocabularies is not None and (self.drafts or is_published(source.data)):
                briefings.append(self._build(source, "briefing", records.briefing, source.shown, findings, by_id))
            self._let_go(source)
        if self.cache is not None:
            self.cache.keep_only(kept)
        problems = _capped(sorted(set(self.survey.problems + reader.problems + checker.problems)))
        if problems:
            return None, problems  # what a record could not be built from would only repeat them
        if self.model_problems or vocabularies is None:
            return None, sorted(set(self.model_problems))
        briefings = [briefing for briefing in briefings if briefing]
        return KnowledgeBase(vocabularies, reviews, newest_first(briefings, lambda b: b.date)), []

    def _reviews(self, paths: list[Path], names, checker: ReferenceChecker, vocabularies) -> Iterator[_Review]:
        """Each review read, checked on its own and built, in the order of `paths`. With a store, what an
        earlier build kept of an unchanged review is taken instead (checked.CheckedReviews), and each review
        read with no problem is kept for the next build."""
        if self.store is None:
            yield from self._read_reviews(paths, names, checker, vocabularies)
            return
        store = CheckedReviews(self.store, self.data_dir, self.drafts)
        keys = [store.key(path, display_path(path)) for path in paths]
        kept = [store.get(key) for key in keys]
        fresh = self._read_reviews([path for path, read in zip(paths, kept) if read is None], names, checker,
                                   vocabularies)
        for path, key, read in zip(paths, keys, kept):
            if read is None:
                read = next(fresh)
                clean = not (read.problems or read.model_problems or read.unreadable) and read.record is not None
                # Kept only if the file still holds the bytes its key was made from: saved again while it was
                # read (under serve), it may have been read as its new text.
                if clean and store.key(path, display_path(path)) == key:
                    store.put(key, read)
            else:
                records.share_ids(read.record)  # one copy of each id, as a review read here has
            yield read
        store.prune()

    def _read_reviews(self, paths: list[Path], names, checker: ReferenceChecker, vocabularies) -> Iterator[_Review]:
        """Each review read, checked on its own and built, in the order of `paths`: on every core for a
        build of many reviews (each file's work needs no other file; what does, add_review, is done here,
        in order), one after another for a few or under a live preview (whose cache lives here)."""
        if self.cache is not None or len(paths) < PARALLEL_FROM or not cores.parallel("asckb-readers"):
            yield from (self._review(path, names, checker, vocabularies) for path in paths)
            return
        global _FORKED
        self.reader.schema("review")  # compiled once, here, and inherited by each worker
        _FORKED = (self, names, checker, vocabularies)
        try:
            for read in cores.map_apart(_review_forked, paths, chunksize=PARALLEL_CHUNK):
                if read.record is not None:
                    records.share_ids(read.record)  # a worker's shared strings arrive as copies
                yield read
        finally:
            _FORKED = None

    def _review(self, path: Path, names, checker: ReferenceChecker, vocabularies) -> _Review:
        """One review parsed, checked on its own and, if it has no problem, built into its record."""
        version = self.reader._version(path, "review", names) if self.cache is not None else None
        if version is not None:
            reused = self.cache.reviewed(path, version, self.context)
            if reused is not None:
                return reused
        lists = self.reader.problems, checker.problems, self.model_problems
        before = [len(found) for found in lists]
        source, _ = self.reader.read(path, "review", "review", names)
        ids = checker.check_review(source) if source.data is not None else None
        problems = self.reader.problems[before[0]:] + checker.problems[before[1]:]
        record = None
        if not problems and vocabularies is not None and (self.drafts or is_published(source.data)):
            record = self._build(source, "review", records.review, source.shown, vocabularies)
            if record is not None:
                records.share_ids(record)
        unreadable = None
        if source.data is None:  # not parsed: its text, or what can be read of a file refused whole
            unreadable = source.text or textfile.salvage(source.path) or None
        read = _Review(source.path, problems, self.model_problems[before[2]:], ids, record, unreadable)
        for found, start in zip(lists, before):
            del found[start:]
        if version is not None:
            self.cache.keep_reviewed(path, version, self.context, read)
        self._let_go(source)
        return read

    def _read(self, path: Path, schema: str, names, checker: ReferenceChecker) -> tuple[Source, bool]:
        """A review or briefing parsed and checked, its references too; clean: it has no problem at all."""
        before = len(self.reader.problems), len(checker.problems)
        source, _ = self.reader.read(path, schema, schema, names)
        if source.data is not None:
            getattr(checker, schema)(source)  # checker.review or checker.briefing
        return source, (len(self.reader.problems), len(checker.problems)) == before

    def _build(self, source: Source, schema: str, make, *args):
        """The record made from a checked file, or None and a problem when a loosened schema let through
        what the site does not handle."""
        try:
            return make(source.data, *args)
        except _MODEL_ERRORS as error:
            what = f"no {excerpt(error.args[0])}" if isinstance(error, KeyError) and error.args else excerpt(
                str(error), 80, quoted=False)
            self.model_problems.append(Problem(source.shown, 1, 1, f"the site cannot use this file ({what}): "
                                               f"data/schemas/{schema}.schema.json allows what the site does not "
                                               "handle; restore the schema, or the missing part"))
            return None

    def _let_go(self, source: Source) -> None:
        if self.cache is None:
            source.data = source.text = None


@dataclass
class _Review:
    """What reading one review gave: its problems, what the checks across files need, its record."""
    path: Path
    problems: list[Problem]
    model_problems: list[Problem]
    ids: ReviewIds | None
    record: Review | None
    unreadable: str | None  # the text of a file YAML could not parse (it may define ids others cite)


_FORKED = None  # (loader, names, checker, vocabularies) while a pool of forked workers reads reviews


def _review_forked(path: Path) -> _Review:
    loader, names, checker, vocabularies = _FORKED
    return loader._review(path, names, checker, vocabularies)


def _checker(vocab: dict[str, Source], unusable: set[str], registry: facets.Registry | None) -> ReferenceChecker:
    """The reference checker, knowing every vocabulary's ids (reviews and briefings are checked one by one)."""
    registry = registry or facets.Registry([])  # an unusable registry: its own problems are reported
    checker = ReferenceChecker(Index({name: s.data for name, s in vocab.items()}, registry), unusable)
    lists: dict[tuple[str, str], list[str]] = {}  # (vocabulary file, a list of terms) -> the lists in its items
    for facet in registry:
        top, *nested = facet.terms.split("/")
        lists.setdefault((facet.vocabulary, top), []).extend(nested)
    for (name, list_key), nested in lists.items():
        if name in vocab:
            checker.vocabulary_ids(vocab[name], list_key, "id", nested)
    if "glossary" in vocab:
        checker.vocabulary_ids(vocab["glossary"], "terms", "term")
    if "topics" in vocab:
        checker.topic_glossary(vocab["topics"])
    return checker


def review_schema_fields(registry: facets.Registry) -> dict[str, dict]:
    """What the review schema gains from the registry: each facet's field, where the schema lacks it (a new
    facet is an entry in facets.yml and its vocabulary, not a change to review.schema.json)."""
    fields: dict[str, dict] = {}
    for facet in registry.on("finding", "review"):
        where = "$defs/finding/properties" if facet.on == "finding" else "properties"
        fields.setdefault(where, {})[facet.field] = {
            "$ref": "#/$defs/slugs" if facet.many else "#/$defs/slug",
            "description": f"{'Ids' if facet.many else 'An id'} from data/vocabularies/{facet.vocabulary}.yml."}
    return fields


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_FILE problems of each file, the rest counted in one more line."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    kept = []
    for path, found in by_path.items():
        kept += found[:MAX_PROBLEMS_PER_FILE]
        if len(found) > MAX_PROBLEMS_PER_FILE:
            first = found[MAX_PROBLEMS_PER_FILE]
            kept.append(Problem(path, first.line, first.column,
                                f"and {len(found) - MAX_PROBLEMS_PER_FILE} more problems in this file from here on, "
                                "not listed: correct the ones above first"))
    return kept


def vocabularies_of(vocab: dict[str, Source], build=None) -> Vocabularies:
    """The vocabularies as records, from their checked sources; build(name, make) may guard each one."""
    build = build or (lambda name, make: make(vocab[name].data))
    registry = build(facets.REGISTRY, facets.registry)
    if registry is None:
        return None
    made = {field: build(name, make) for field, (name, make) in _FRAMEWORK_RECORDS.items()}
    terms = {f.id: build(f.vocabulary, records.vocabulary) for f in registry if f.plain_vocabulary}
    return Vocabularies(facets=registry, terms=terms, **made)


def check(data_dir: Path, cache: ReadCache | None = None, store: Path | None = None) -> list[Problem]:
    """Every problem in the data, sorted by file and line (empty when all is well). With a cache (the
    desk, checking after each save), files unchanged since the last call are not checked again; with a
    store, reviews unchanged since the last check (checked.CheckedReviews)."""
    return _Loader(data_dir, cache, drafts=True, store=store).run()[1]


def load_knowledge_base(data_dir: Path, drafts: bool = False, cache: ReadCache | None = None,
                        store: Path | None = None) -> KnowledgeBase:
    """The checked knowledge base; raises DataError listing every problem if there is any.

    Reviews and briefings with `status: draft` are checked but left out (an imported draft may still
    hold a name the privacy guard cannot recognise), unless `drafts` is true. With a cache, files
    unchanged since the last call are not parsed or checked again (ReadCache); with a store (a folder),
    reviews unchanged since the last build are not either (checked.CheckedReviews).
    """
    kb, problems = _Loader(data_dir, cache, drafts, store).run()
    if problems:
        raise DataError(problems)
    return kb
