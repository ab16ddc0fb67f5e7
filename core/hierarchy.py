"""Rows arranged in a tree by a ``parent`` foreign key: walks and cycle checks, always bounded.

Organisations (units of units), publications (articles in collections) and events (parts of
a series) share these rules, so a broken tree in the data never loops for ever.
"""

# Walking up a hierarchy stops here, as if the chain looped.
MAX_DEPTH = 50


def would_loop(instance, *, parent_id=None):
    """Whether ``instance`` under ``parent_id`` (default: its own) would be its own ancestor.

    A loop already in the data above, or a chain deeper than ``MAX_DEPTH``, counts as one.
    One query per level.
    """
    manager = type(instance)._default_manager
    current = instance.parent_id if parent_id is None else parent_id
    seen = set()
    while current is not None:
        if current == instance.pk or current in seen or len(seen) >= MAX_DEPTH:
            return True
        seen.add(current)
        current = manager.filter(pk=current).values_list("parent_id", flat=True).first()
    return False


def ancestors(instance, *, loaded_only=False):
    """The rows above ``instance``, nearest first.

    Through ``.parent``: one query per level, none where ``select_related`` loaded it; with
    ``loaded_only``, the walk stops where the relation is not loaded yet (no query at all).
    """
    parent_field = type(instance)._meta.get_field("parent")
    chain, seen, current = [], {instance.pk}, instance
    while len(chain) < MAX_DEPTH:
        if loaded_only and not parent_field.is_cached(current):
            break
        current = current.parent
        if current is None or current.pk in seen:
            break
        chain.append(current)
        seen.add(current.pk)
    return chain


def descendant_ids(queryset, root_id):
    """The ids of every row below ``root_id`` in ``queryset``'s table, at any depth (one query)."""
    children = {}
    for pk, parent_id in queryset.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(children.get(root_id, []))
    while stack:
        pk = stack.pop()
        if pk not in found and pk != root_id:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return sorted(found)
