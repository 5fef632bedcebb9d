"""MkDocs adapter for the asckb engine: check data/ before anything is built.

Loaded by MkDocs through `hooks:` in mkdocs.yml. The engine does the work;
this file only translates between it and MkDocs' events. A data problem
stops the build in `on_pre_build`, before MkDocs cleans or writes the site
directory, so nothing half-built is ever published.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# The engine lives beside mkdocs.yml; MkDocs only puts hooks/ on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asckb.loading import load_knowledge_base  # noqa: E402
from asckb.problems import DataError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.knowledge_base")
_state: dict = {}


def on_pre_build(config, **kwargs):
    # Priority: default. Runs once per build (and per rebuild under `mkdocs serve`).
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        _state["kb"] = load_knowledge_base(data_dir)
    except DataError as error:
        raise PluginError(error.report()) from None
    kb = _state["kb"]
    log.info("Knowledge base: %d reviews, %d findings", len(kb.reviews), sum(1 for _ in kb.findings()))
