"""Usage statistics processed according to the COUNTER Code of Practice R5.1 rules.

A page view or a full-text request is *recorded* (``events.record``: a cheap push into a
buffer, nothing counted in the request), then *counted* by the background worker
(``aggregate.aggregate``: the double-click filter, unique items per session, the roll-up of an
article into its collection) into rows of a publication, a day and a metric (``UsageDay``) and
of the whole portal (``PlatformUsageDay``). Reports (``reports``) and charts (``chart``) read
only those rows.
"""
