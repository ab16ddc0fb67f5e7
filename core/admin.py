"""Admin pieces the apps share: the publish and withdraw actions, changelists of large tables,
the history of records with reverting."""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from core import history, publishing
from core.db import EstimatedCountPaginator
from core.media import storage
from core.models import AuditEntry


class LargeTableAdminMixin:
    """A changelist that never counts the whole table.

    Django counts every row twice per page (the filtered rows, then all of them for "N total")
    and offers facet counts per filter choice. Here the count is exact only when small and
    estimated by PostgreSQL's planner beyond that (templates/admin/change_list.html says so),
    the total is not counted, and facets are off.
    """

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER


class StoredFilesAdminMixin:
    """A change form with uploads saves all of it or nothing.

    If a file cannot be stored (the media disk full or read-only), the page's transaction
    rolls back, the files it had already stored are removed, and the page comes back (200)
    with the reason beside each chosen file and in the list at the top: nothing was saved.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with storage.all_or_nothing():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except storage.StorageFailure as failure:
            # The same page again, unsaved: its forms show the failure at their uploads.
            with storage.report(failure):
                return super().changeform_view(request, object_id, form_url, extra_context)


def search_words(term):
    """The words of an admin search, as Django's own search splits them ("quoted phrases" stay
    whole)."""
    words = []
    for bit in smart_split(term):
        if bit[:1] in "\"'" and bit[-1:] == bit[:1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit.strip():
            words.append(bit)
    return words


def search_each_word(queryset, term, condition):
    """The rows where every word of ``term`` meets ``condition(word)``, a Q: Django's rule for
    ``search_fields``, with conditions free to use subqueries instead of joins."""
    for word in search_words(term):
        queryset = queryset.filter(condition(word))
    return queryset


class HistoryAdminMixin(VersionAdmin):
    """Every change made in the admin is a version of the record with its inlines
    (``core.history``); the history page shows each version's changes, and curators revert.

    Mixed in before the admin's base class (``TranslationAdmin``); the model is registered by
    its app (``history.follow``). Editors read the history; a revert needs
    ``history.can_revert``. Recovering deleted records is off: only superusers delete, and a
    deleted record's history goes with it.
    """

    object_history_template = "admin/core/history.html"
    revert_template = "admin/core/revert_confirmation.html"
    change_list_template = None  # reversion's adds the link to recover deleted records
    history_per_page = 20

    def reversion_register(self, model, **options):
        """The app registers its models, with their parts (``history.follow`` in ``ready()``,
        which runs after the admin's discovery): nothing to register here."""

    def get_urls(self):
        recover = {"recoverlist", "recover"}
        return [
            url
            for url in super().get_urls()
            if not (url.name and url.name.rsplit("_", 1)[-1] in recover)
        ]

    def has_revert_permission(self, request):
        return history.can_revert(request.user, self.model)

    # Recording: only requests that change something open a revision (and a transaction).

    def add_view(self, request, form_url="", extra_context=None):
        if request.method != "POST":
            return super(VersionAdmin, self).add_view(request, form_url, extra_context)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "POST":
            return super(VersionAdmin, self).change_view(
                request, object_id, form_url, extra_context
            )
        row = self.get_object(request, unquote(object_id))
        if row is not None and self.has_change_permission(request, row):
            history.record_baseline(row)
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # The actions go through services that record each row on its own; only the list's
        # editable columns are saved here.
        if request.method == "POST" and "_save" in request.POST:
            with self.create_revision(request):
                return super(VersionAdmin, self).changelist_view(request, extra_context)
        return super(VersionAdmin, self).changelist_view(request, extra_context)

    def log_addition(self, request, obj, message):
        entry = super(VersionAdmin, self).log_addition(request, obj, message)
        history.set_comment(entry.change_message)
        return entry

    def log_change(self, request, obj, message):
        entry = super(VersionAdmin, self).log_change(request, obj, message)
        history.set_comment(entry.change_message)
        return entry

    # The history page and the revert

    def history_view(self, request, object_id, extra_context=None):
        row = self.get_object(request, unquote(object_id))
        if row is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, row):
            raise PermissionDenied
        versions = history.versions_of(row)
        page = Paginator(versions, self.history_per_page).get_page(request.GET.get("p"))
        older = versions[page.end_index()] if page.has_next() else None
        entries = history.entries(page.object_list, older)
        can_revert = self.has_revert_permission(request)
        for at, entry in enumerate(entries):
            current = at == 0 and page.number == 1  # the record as it is now
            entry.revert_url = (
                self._revert_url(row, entry.version) if can_revert and not current else None
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % row,
            "subtitle": None,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "object": row,
            "entries": entries,
            "page": page,
            "can_revert": can_revert,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Revert to a version: a page that says what will change, then the revert (POST)."""
        row = self.get_object(request, unquote(object_id))
        if row is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_revert_permission(request):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(row).select_related("revision", "revision__user"),
            pk=version_id,
        )
        if request.method == "POST":
            try:
                history.revert(version=version, by=request.user)
            except RevertError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                when = timezone.localtime(version.revision.date_created)
                self.message_user(
                    request,
                    _("“%(row)s” is as it was on %(date)s.")
                    % {"row": row, "date": date_format(when, "DATETIME_FORMAT")},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(
                        f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[quote(row.pk)],
                    )
                )
        entry = history.entries([version])[0]
        changes = history.diff(history.current_snapshot(row), history.snapshot(version))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revert “%s” to an earlier version") % row,
            "subtitle": None,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "object": row,
            "entry": entry,
            "changes": changes,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revert_template, context)

    def _revert_url(self, row, version):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_revision",
            args=[quote(row.pk), version.pk],
        )


class PublishingAdminMixin:
    """The editorial workflow in a model's admin: draft → in review → published → withdrawn.

    Editors (the change permission) submit drafts for review and edit only drafts and rows in
    review; the status field offers them just those two states, and published or withdrawn
    rows open read-only. Curators (the model's ``publish_<model>`` permission) publish, send
    back with a note, withdraw with a reason and restore, from the changelist's actions or
    the change form. Every change of state goes through ``core.publishing`` (which checks the
    permission again), is logged in the admin history and written to the audit list. An
    admin names its rows in ``published_message`` and ``withdrawn_message``.
    """

    actions = ["submit_for_review", "publish", "send_back", "withdraw"]
    published_message = ngettext_lazy("Published: %(count)d.", "Published: %(count)d.", "count")
    withdrawn_message = ngettext_lazy("Withdrawn: %(count)d.", "Withdrawn: %(count)d.", "count")
    submitted_message = ngettext_lazy(
        "Submitted for review: %(count)d.", "Submitted for review: %(count)d.", "count"
    )
    sent_back_message = ngettext_lazy(
        "Sent back to the editor: %(count)d.", "Sent back to the editor: %(count)d.", "count"
    )
    # Fields only a curator sets; an editor sees them read-only.
    curator_fields = ["published_at", "withdrawal_reason"]

    # Permissions

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or obj.status in publishing.EDITABLE_STATES:
            return True
        return self.has_publish_permission(request)  # published or withdrawn: curators only

    # The change form

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "editorial_note"]
        if not self.has_publish_permission(request):
            fields += [
                name
                for name in self.curator_fields
                if name not in fields and _has_field(self.model, name)
            ]
        return fields

    def get_fieldsets(self, request, obj=None):
        """The workflow's fields go right after the status."""
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        present = set(admin.utils.flatten_fieldsets(fieldsets))
        added = [
            f for f in ("editorial_note", "status_note", "withdrawal_reason") if f not in present
        ]
        for _name, options in fieldsets:
            fields = list(options["fields"])
            if "status" in fields:
                at = fields.index("status") + 1
                options["fields"] = [*fields[:at], *added, *fields[at:]]
                break
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = type(
            self.form.__name__,
            (StatusForm, self.form),
            {"publish_allowed": self.has_publish_permission(request)},
        )
        return super().get_form(request, obj, change=change, **{"form": form, **kwargs})

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                (value, label)
                for value, label in db_field.choices
                if value in publishing.EDITABLE_STATES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("curator's note"))
    def editorial_note(self, obj):
        """The last note a curator sent back with the row, or the reason it was withdrawn."""
        if obj is None or obj.pk is None:
            return "—"
        entry = AuditEntry.latest_for(obj, AuditEntry.Action.SENT_BACK, AuditEntry.Action.WITHDRAWN)
        if entry is None or not entry.note:
            return "—"
        return format_html(
            "{}<br><small>{} · {}</small>",
            entry.note,
            entry.get_action_display(),
            date_format(timezone.localtime(entry.at), "DATETIME_FORMAT"),
        )

    def save_model(self, request, obj, form, change):
        # A new row starts as a draft: one created in review was submitted, and so on.
        before = form.initial.get("status") if change else publishing.Visibility.DRAFT
        super().save_model(request, obj, form, change)
        note = form.cleaned_data.get("status_note", "")
        if obj.is_withdrawn and not note:
            note = obj.withdrawal_reason
        publishing.record_transition(obj, before=before, by=request.user, note=note)

    # The changelist's actions

    curator_actions = {"publish", "send_back", "withdraw"}

    def response_action(self, request, queryset):
        """A curator's action asked for by someone who is not one (a crafted request: the
        action is not offered) is refused with a message that says why."""
        if request.POST.get("action") in self.curator_actions and not (
            self.has_publish_permission(request)
        ):
            self.message_user(
                request,
                _("Only a curator can publish, send back or withdraw; nothing was changed."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    @admin.action(
        permissions=["change"],
        description=_("Submit the selected %(verbose_name_plural)s for review"),
    )
    def submit_for_review(self, request, queryset):
        outcome = publishing.submit(objects=queryset.order_by("pk"), by=request.user)
        self._report(request, outcome, self.submitted_message)

    @admin.action(
        permissions=["publish"],
        description=_("Publish (or restore) the selected %(verbose_name_plural)s"),
    )
    def publish(self, request, queryset):
        outcome = publishing.publish(objects=queryset.order_by("pk"), by=request.user)
        self._report(request, outcome, self.published_message)

    @admin.action(
        permissions=["publish"],
        description=_("Send the selected %(verbose_name_plural)s back to the editor"),
    )
    def send_back(self, request, queryset):
        return self._with_note(
            request,
            queryset,
            "send_back",
            _("Send back to the editor"),
            _("What should the editor change? The note is shown on the record's form."),
            lambda rows, note: publishing.return_to_draft(objects=rows, by=request.user, note=note),
            self.sent_back_message,
        )

    @admin.action(
        permissions=["publish"],
        description=_("Withdraw the selected %(verbose_name_plural)s (the page says it is gone)"),
    )
    def withdraw(self, request, queryset):
        return self._with_note(
            request,
            queryset,
            "withdraw",
            _("Withdraw"),
            _("Why is it withdrawn? The reason is shown on the record's page."),
            lambda rows, note: publishing.withdraw(objects=rows, by=request.user, reason=note),
            self.withdrawn_message,
        )

    def _with_note(self, request, queryset, action, title, prompt, change, message):
        """An action that asks for a note first (a confirmation page), then changes the rows."""
        form = NoteForm(request.POST if "confirm" in request.POST else None, label=prompt)
        if form.is_bound and form.is_valid():
            outcome = change(queryset.order_by("pk"), form.cleaned_data["note"])
            self._report(request, outcome, message)
            return None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": opts,
            "action": action,
            "form": form,
            "rows": queryset.order_by("pk")[:100],
            "count": queryset.count(),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/core/confirm_with_note.html", context)

    def _report(self, request, outcome, message):
        for row in outcome.changed:
            self.log_change(request, row, [{"changed": {"fields": ["status"]}}])
        count = len(outcome.changed)
        level = messages.SUCCESS if count or not outcome.refused else messages.WARNING
        self.message_user(request, message % {"count": count}, level)
        for row, error in outcome.refused:
            reason = " ".join(error.messages)
            self.message_user(
                request,
                _("Not changed: “%(row)s”: %(reason)s") % {"row": row, "reason": reason},
                messages.ERROR,
            )


class PartOfPublishableAdminMixin:
    """The admin of rows that belong to a publishable row (``parent_field``): an editor changes
    them only while their parent is a draft or in review, as the parent's own form."""

    parent_field = None

    def _parent_editable(self, request, obj):
        if obj is None:
            return True
        parent = getattr(obj, self.parent_field)
        if parent.status in publishing.EDITABLE_STATES:
            return True
        return publishing.can_publish(request.user, type(parent))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        parent = db_field.related_model
        if db_field.name == self.parent_field and not publishing.can_publish(request.user, parent):
            field.queryset = field.queryset.filter(status__in=publishing.EDITABLE_STATES)
        return field


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class NoteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}), max_length=4000
    )

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = label


class StatusForm(forms.ModelForm):
    """The status in a change form: only the moves the workflow allows, with a note."""

    publish_allowed = False
    status_note = forms.CharField(
        label=_("Note on the change of status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Sent with the change: why the record is sent back to its editor, or withdrawn."
        ),
    )

    def clean_status(self):
        status = self.cleaned_data["status"]
        before = self.initial.get("status") if self.instance.pk else None
        if status == before:
            return status
        if status not in publishing.EDITABLE_STATES and not self.publish_allowed:
            raise forms.ValidationError(
                _("Only a curator can publish or withdraw; submit the record for review.")
            )
        if status == publishing.Visibility.WITHDRAWN and not self.instance.was_public:
            raise forms.ValidationError(
                _("Only a record the public has seen can be withdrawn; return it to draft instead.")
            )
        if before == publishing.Visibility.WITHDRAWN and status != publishing.Visibility.PUBLISHED:
            raise forms.ValidationError(
                _("A withdrawn record stays withdrawn until a curator restores (publishes) it.")
            )
        if self.instance.was_public and status != publishing.Visibility.WITHDRAWN:
            raise forms.ValidationError(
                _("The public has seen this record: withdraw it, with a reason, instead.")
            )
        return status

    def clean(self):
        cleaned = super().clean()
        withdrawing = (
            cleaned.get("status") == publishing.Visibility.WITHDRAWN
            and self.initial.get("status") != publishing.Visibility.WITHDRAWN
        )
        if (
            withdrawing
            and "withdrawal_reason" in self.fields
            and not cleaned.get("withdrawal_reason")
        ):
            self.add_error("withdrawal_reason", _("Say why the record is withdrawn."))
        return cleaned


@admin.register(AuditEntry)
class AuditEntryAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    """The audit list: every publishing, withdrawal, restoration, review step, change of a
    file's access and revert, by whom and when. Nobody edits it."""

    list_display = ["at", "user", "action", "content_type", "record_link", "note"]
    list_filter = [
        ("user", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "action",
        ("at", admin.DateFieldListFilter),
    ]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "note"]
    sortable_by = ["at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("record"), ordering="object_repr")
    def record_link(self, entry):
        model = entry.content_type.model_class()
        if model is None or not self.admin_site.is_registered(model):
            return entry.object_repr
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.object_id])
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)
