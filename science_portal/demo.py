"""Idempotent building blocks for demo content: write only what differs, count what changed."""

from dataclasses import dataclass, field


@dataclass
class DemoLoader:
    """Creates or updates rows so that a second run changes nothing, and says what it did."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated)

    def upsert(self, model, lookup, **values):
        """Get the row matching ``lookup`` and make its fields equal ``values``."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.created.append(obj)
            return obj
        stale = [name for name, value in values.items() if getattr(obj, name) != value]
        if stale:
            for name in stale:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save()
            self.updated.append(obj)
        return obj

    def set_many(self, obj, relation, targets):
        """Make a many-to-many relation hold exactly ``targets``."""
        manager = getattr(obj, relation)
        wanted = {target.pk for target in targets}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(targets)
            self.updated.append(obj)

    def summary(self):
        if not self.changed:
            return "Demo content is already up to date: nothing changed."
        return f"Demo content loaded: {len(self.created)} created, {len(self.updated)} updated."
