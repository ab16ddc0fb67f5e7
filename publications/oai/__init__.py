"""OAI-PMH 2.0 for the repository's published publications (https://www.openarchives.org/pmh/).

Declared in Identify: seconds granularity (UTC), deletedRecord "no" (the portal keeps no
tombstones of withdrawn or deleted records, so it cannot promise to report them), sets by
publication type ("type:monograph") and by topic ("topic:digital-customs").
"""
