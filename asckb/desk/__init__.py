"""The review desk: correct an imported draft, publish it and cite its findings in a briefing, in a
web browser (`python3 -m asckb desk`). An adapter over the engine, beside the command line:

    app              the Flask app: the project, cross-site refusal, serving on 127.0.0.1
    views_reviews    import, the draft beside its source, details, preview, publish, vocabulary entries
    views_briefings  a briefing's 7-minute structure as a form, finding findings to cite
    review_edits     each correction as a change to a review file's parsed YAML
    briefing_edits   a briefing's form and its values written back
    vocabularies     a new topic, area or glossary term
    yamlfile         files read and written with ruamel.yaml's round trip (a one-field edit is one line)
    checks           the engine's check after each save, each problem beside its field
    finding_search   findings found by their words
    preview          a review's page from the engine's own renderer
"""
