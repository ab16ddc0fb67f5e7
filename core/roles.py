"""The editorial roles: groups of permissions that ship with the portal.

``sync_roles()`` creates the groups and gives each exactly the permissions listed here (a
permission added by hand to a role's group is taken away: the list is the rule). A data
migration calls it; when the list changes, a new migration calls it again.

- **Editor** creates and edits drafts of publications, people, organisations, events and
  topics, uploads files, and submits drafts for review.
- **Curator** does everything an editor does, and publishes, withdraws, restores and sends
  back (the ``publish_<model>`` permissions), sets files' access and embargoes, reads the audit
  list and the download statistics, and imports publications in bulk.
- **Statistics viewer** reads the download statistics and changes nothing.

Nobody but a superuser deletes a publishable row: withdrawing keeps its address.
"""

EDITOR = "Редактор · Editor"
CURATOR = "Куратор · Curator"
STATISTICS_VIEWER = "Статистика · Statistics viewer"

# The rows an editor curates: publishable models (never deleted by a role) ...
PUBLISHABLE = [
    "publications.publication",
    "publications.topic",
    "people.person",
    "people.organization",
    "events.event",
]
# ... and the rows that belong to them, added and removed in the change forms' inlines.
PARTS = [
    "publications.authorship",
    "publications.publicationfile",
    "publications.publisher",
    "people.affiliation",
    "people.namevariant",
    "events.session",
    "events.talk",
    "events.speaker",
    "events.participation",
]
# The usage figures: the files' list, the daily COUNTER counts and their reports, read-only.
STATISTICS = ["publications.view_publicationfile", "publications.view_usageday"]


def _perms(models, actions):
    return [
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in models
        for action in actions
    ]


ROLES = {
    EDITOR: [
        *_perms(PUBLISHABLE, ["add", "change", "view"]),
        *_perms(PARTS, ["add", "change", "delete", "view"]),
    ],
    CURATOR: [
        *_perms(PUBLISHABLE, ["add", "change", "view", "publish"]),
        *_perms(PARTS, ["add", "change", "delete", "view"]),
        "core.view_auditentry",
        *STATISTICS,
        # Bulk import of publications (publications.importing): upload, preview, confirm.
        *_perms(["publications.importbatch"], ["add", "change", "view"]),
    ],
    STATISTICS_VIEWER: STATISTICS,
}


def sync_roles(apps):
    """Create the role groups and set their permissions (``apps``: a migration's registry or
    ``django.apps.apps``)."""
    from django.contrib.auth.management import create_permissions

    # Permissions of models created in the same migrate run do not exist yet.
    for config in apps.get_app_configs():
        stub = getattr(config, "models_module", None) is None  # a migration's app stub
        if stub:
            config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        if stub:
            config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for label in wanted:
            app_label, codename = label.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            # A model a later migration creates has no permission yet in an earlier one's
            # state; the sync after migrate (core.apps) gives it.
            if found is not None:
                permissions.append(found)
        group.permissions.set(permissions)
