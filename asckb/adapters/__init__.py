"""Adapters: the engine handed to the tools that run it. `mkdocs_plugin` is the MkDocs one (the hook in
hooks/knowledge_base.py wires MkDocs's events to it), `reloading` imports the engine afresh when its code
changes under `mkdocs serve`. The command line (cli.py) and the review desk (desk/) are adapters too.
Only the modules here import MkDocs; the engine does not."""
