"""The public read-only API, ``/api/v1/``: published content only, as JSON, for machines.

``views`` wire each resource's public queryset (from its app's ``queries``) and filters (its
app's FilterSet) to ``serializers``; ``pagination`` walks lists by cursor; ``throttling``
counts requests per client address with the site's one rate-limit rule (``core.throttle``).
"""
