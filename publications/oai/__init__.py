"""OAI-PMH 2.0 for the repository's published publications (https://www.openarchives.org/pmh/).

Declared in Identify: seconds granularity (UTC), deletedRecord "persistent" (a withdrawn record
keeps its tombstone and is reported deleted). Two formats: Dublin Core (oai_dc) and the OpenAIRE
Guidelines for Literature Repositories v4 (oai_openaire). Sets: "openaire" (every record, as
OpenAIRE harvests it), by publication type ("type:monograph") and by topic
("topic:digital-customs").
"""
