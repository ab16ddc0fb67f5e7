"""The downloads counted before (one per visitor, file and day) become COUNTER daily rows.

Each old download is a Request and an Investigation of its publication (and an Investigation
of the collection an article is in); the visitors of a day are its unique counts (the old
count knew no hours, so a visitor's day is one session). The files' counts and the
publications' totals stay as they were. Then the old table goes.
"""

from collections import Counter

from django.db import migrations

TII, UII, TIR, UIR = 1, 2, 3, 4
UTI, UTR = 5, 6


def copy_downloads(apps, schema_editor):
    DownloadVisit = apps.get_model("publications", "DownloadVisit")
    Publication = apps.get_model("publications", "Publication")
    UsageDay = apps.get_model("publications", "UsageDay")
    PlatformUsageDay = apps.get_model("publications", "PlatformUsageDay")
    UsageMonth = apps.get_model("publications", "UsageMonth")
    parents = dict(
        Publication.objects.filter(parent__isnull=False).values_list("pk", "parent_id")
    )
    items, platform = Counter(), Counter()
    seen = set()

    def first(key):
        if key in seen:
            return False
        seen.add(key)
        return True

    visits = DownloadVisit.objects.values_list("file__publication_id", "visitor", "day")
    for publication, visitor, day in visits.iterator(chunk_size=5000):
        parent = parents.get(publication)
        items[publication, day, TII] += 1
        items[publication, day, TIR] += 1
        platform[day, TII] += 1
        platform[day, TIR] += 1
        if parent is not None:
            items[parent, day, TII] += 1
        # A collection's unique Investigations are once a day per visitor, whether of the
        # collection itself or of its articles; the platform's count each one's own.
        if first(("item", visitor, day, publication)):
            items[publication, day, UII] += 1
        if first(("own", visitor, day, publication)):
            items[publication, day, UIR] += 1
            platform[day, UII] += 1
            platform[day, UIR] += 1
        if parent is not None and first(("item", visitor, day, parent)):
            items[parent, day, UII] += 1
        if first(("title", visitor, day, parent or publication)):
            platform[day, UTI] += 1
            platform[day, UTR] += 1
    UsageDay.objects.bulk_create(
        [UsageDay(publication_id=p, day=d, metric=m, count=n) for (p, d, m), n in items.items()],
        batch_size=2000,
    )
    months = {}
    columns = {TII: "investigations", UII: "unique_investigations", TIR: "requests"}
    columns[UIR] = "unique_requests"
    for (publication, day, metric), n in items.items():
        row = months.setdefault(
            (publication, day.replace(day=1)),
            UsageMonth(publication_id=publication, month=day.replace(day=1)),
        )
        setattr(row, columns[metric], getattr(row, columns[metric]) + n)
    UsageMonth.objects.bulk_create(months.values(), batch_size=2000)
    PlatformUsageDay.objects.bulk_create(
        [PlatformUsageDay(day=d, metric=m, count=n) for (d, m), n in platform.items()],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("publications", "0013_usage")]

    operations = [
        migrations.RunPython(copy_downloads, migrations.RunPython.noop),
        migrations.DeleteModel(name="DownloadVisit"),
    ]
