"""asckb: a static knowledge base of learning from reviews of adult social care and safeguarding.

The pipeline: data/*.yml -> yamlsource (parse with marks) -> schemas and
references (validate) -> records/model (typed records) -> link (indexes)
-> render (pages) -> adapters (hooks/ for MkDocs, cli for the command line).
"""
