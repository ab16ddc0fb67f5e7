"""Django's admin messages that name a model, rephrased in the project's Russian catalogue.

Django's Russian catalogue inflects them for a masculine noun ("Добавить публикация",
"Организация … был успешно добавлен"). The project's catalogue (LOCALE_PATHS, read before
Django's) words them so that the model's name stands alone, in the nominative, and the rest
agrees with "запись" ("Запись «…» (публикация) добавлена."): right for every model of any
gender, Django's and other apps' included, without a table of cases per model or copies of
Django's templates. English keeps Django's wording.

Nothing imports this module: it lists the message ids so that ``make messages`` keeps them in
the project's catalogue. Each must match Django's message id exactly.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # Titles, buttons and links (django/contrib/admin/options.py, views/main.py, templates).
    gettext_noop("Add %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    # Messages after saving or deleting.
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Cannot delete %(name)s"),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    # The history of an object (django/contrib/admin/models.py).
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    # Delete confirmations (delete_confirmation.html, delete_selected_confirmation.html) and
    # inline rows that cannot be deleted (options.py).
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of '
        "the following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected "
        "related objects: %(related_objects)s"
    ),
    gettext_noop("%(class_name)s %(instance)s"),
]
