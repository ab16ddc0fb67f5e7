"""The admin's "Import publications": upload → preview → confirm, and the imports' list.

A small file is analysed and imported inside the request, the import in one transaction; a
large one goes to the worker (``publications.importing.jobs``) and its page follows the job's
progress until the report is there.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publications.formats import table
from publications.importing import jobs, plan, reader, service
from publications.importing.models import ImportBatch

logger = logging.getLogger(__name__)

# Rows a page of the preview lists with their controls (a form field each, and a request
# takes at most DATA_UPLOAD_MAX_NUMBER_FIELDS): a larger file is previewed page by page, the
# choices of each page kept with the batch until the import is confirmed.
PREVIEW_ROWS = 300


class UploadForm(forms.Form):
    source = forms.FileField(
        label=gettext_lazy("Bibliography file"),
        help_text=gettext_lazy(
            "BibTeX or biblatex (.bib), RIS (.ris), CSL-JSON (.json) or CSV (.csv), UTF-8 "
            "or Windows-1251."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": reader.ACCEPT}),
    )
    files = forms.FileField(
        label=gettext_lazy("ZIP of full texts"),
        required=False,
        help_text=gettext_lazy(
            "Optional: the PDF or EPUB files named in the records (the CSV “file” column, "
            "BibTeX “file”, RIS “L1”)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )

    def clean_source(self):
        upload = self.cleaned_data["source"]
        if upload.size > reader.max_bytes():
            raise ValidationError(
                _("The file is too large; the largest accepted is %(limit)s MB.")
                % {"limit": reader.max_bytes() // 2**20}
            )
        return upload

    def clean_files(self):
        upload = self.cleaned_data.get("files")
        if upload and upload.size > service.zip_max_bytes():
            raise ValidationError(
                _("The ZIP is too large; the largest accepted is %(limit)s MB.")
                % {"limit": service.zip_max_bytes() // 2**20}
            )
        return upload


def _ordered(rows):
    """The rows in the preview's order: every one that needs a look first, then the others."""
    attention = [
        r
        for r in rows
        if r["action"] != plan.CREATE
        or r["warnings"]
        or any(p["status"] == "ambiguous" for p in r["people"])
    ]
    chosen = {r["index"] for r in attention}
    return attention + [r for r in rows if r["index"] not in chosen]


def _listed(page, saved):
    """A page's rows in file order, each with its controls as the Curator left them."""
    skipped, seen = set(saved.get("skip", [])), set(saved.get("seen", []))
    decisions = saved.get("decisions", {})
    listed = []
    for row in sorted(page, key=lambda r: r["index"]):
        default = row["action"] != plan.SKIP or bool(row.get("duplicate"))
        included = row["index"] not in skipped if row["index"] in seen else default
        decision = decisions.get(str(row["index"]))
        if decision is None:
            decision = plan.CREATE if row["action"] == plan.CREATE else plan.MERGE
        listed.append({**row, "included": included, "decision": decision})
    return listed


def _merged(saved, page_choices, shown):
    """The choices kept so far with those of the page just sent (its rows replace theirs)."""
    decisions = {k: v for k, v in saved.get("decisions", {}).items() if int(k) not in shown}
    decisions.update(page_choices["decisions"])
    people = dict(saved.get("people", {}))
    people.update({k: v for k, v in page_choices["people"].items() if v})
    return {
        "skip": sorted((set(saved.get("skip", [])) - shown) | set(page_choices["skip"])),
        "seen": sorted(set(saved.get("seen", [])) | shown),
        "decisions": decisions,
        "people": people,
    }


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["source_name", "format", "status", "total", "created_by", "created"]
    list_filter = ["status", "format"]
    list_select_related = ["created_by"]
    search_fields = ["source_name"]
    readonly_fields = ["source_name", "format", "status", "total", "created_by", "created"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("template.csv", wrap(self.template_view), name="publications_import_template"),
            *super().get_urls(),
        ]

    def template_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        language = "ru" if request.GET.get("lang", "ru") == "ru" else "en"
        response = HttpResponse(table.template(language), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="publications-{language}.csv"'
        return response

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "columns": [(c[0], c[1], c[2], c[3]) for c in table.COLUMNS],
            **extra,
        }

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                batch = service.new_batch(
                    upload=form.cleaned_data["source"],
                    files=form.cleaned_data.get("files"),
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if service.analyses_inline(batch):
                    service.analyse(batch=batch)
                else:
                    self._enqueue(request, batch, jobs.analyse_import)
                return HttpResponseRedirect(
                    reverse("admin:publications_importbatch_change", args=[batch.pk])
                )
        context = self._context(
            request,
            title=_("Import publications"),
            form=form,
            limit_mb=reader.max_bytes() // 2**20,
            limit_records=reader.max_records(),
        )
        return TemplateResponse(request, "admin/publications/importbatch/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = get_object_or_404(ImportBatch, pk=object_id)
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        errors = []
        saved = batch.choices if batch.status == ImportBatch.Status.READY else {}
        if request.method == "POST":
            if not self.has_change_permission(request, batch):
                raise PermissionDenied
            if batch.status != ImportBatch.Status.READY:
                messages.error(request, _("This import is not waiting for a confirmation."))
                return HttpResponseRedirect(request.path)
            saved, errors = self._choices(request, batch, saved or {})
            go = request.POST.get("go", "")
            if go.isdigit():  # to another page of the preview: this page's choices are kept
                ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
                    choices=saved, updated=timezone.now()
                )
                return HttpResponseRedirect(f"{request.path}?page={go}")
            if not errors:
                return self._confirm(request, batch, saved)
        preview = batch.preview or {}
        rows = preview.get("rows", [])
        pages = Paginator(_ordered(rows), PREVIEW_ROWS, allow_empty_first_page=True)
        page = pages.get_page(request.POST.get("page") or request.GET.get("page"))
        listed = _listed(page.object_list, saved or {})
        ambiguous = {}
        for row in rows:
            if row["action"] in (plan.CREATE, plan.MERGE):
                for person in row["people"]:
                    if person["status"] == "ambiguous":
                        ambiguous.setdefault(person["key"], person)
        context = self._context(
            request,
            title=_("Import of %(name)s") % {"name": batch.source_name},
            batch=batch,
            preview=preview,
            counts=preview.get("counts", {}),
            listed=listed,
            page=page,
            ambiguous=sorted(
                (
                    {**person, "answer": (saved or {}).get("people", {}).get(person["key"], "")}
                    for person in ambiguous.values()
                ),
                key=lambda p: p["name"],
            ),
            errors=errors,
            report=batch.report,
            running=batch.status in (ImportBatch.Status.ANALYSING, ImportBatch.Status.IMPORTING),
            can_confirm=self.has_change_permission(request, batch),
            posted=request.POST if request.method == "POST" else None,
        )
        return TemplateResponse(request, "admin/publications/importbatch/batch.html", context)

    def _choices(self, request, batch, saved):
        """The choices kept so far merged with the page sent, and the names still unanswered."""
        rows = batch.preview.get("rows", [])
        shown = {int(i) for i in request.POST.get("shown", "").split(",") if i.strip().isdigit()}
        included = {int(i) for i in request.POST.getlist("include") if i.isdigit()}
        page = {"skip": sorted(shown - included), "decisions": {}, "people": {}}
        for row in rows:
            if row["index"] not in shown:
                continue
            value = request.POST.get(f"decision-{row['index']}")
            if value in (plan.MERGE, plan.CREATE):
                page["decisions"][str(row["index"])] = value
        for key, value in request.POST.items():
            if key.startswith("person-") and value:
                page["people"][key.removeprefix("person-")] = value
        choices = _merged(saved, page, shown)
        errors = []
        answered = dict(choices["people"])
        choices["people"] = {}
        skipped = set(choices["skip"])
        for row in rows:
            if row["index"] in skipped:
                continue
            if row["action"] not in (plan.CREATE, plan.MERGE) and (
                str(row["index"]) not in choices["decisions"]
            ):
                continue
            for person in row["people"]:
                if person["status"] != "ambiguous" or person["key"] in choices["people"]:
                    continue
                value = answered.get(person["key"], "")
                allowed = {str(pk) for pk, _label in person["candidates"]} | {"new"}
                if value not in allowed:
                    errors.append(_("Choose who “%(name)s” is.") % {"name": person["name"]})
                    choices["people"][person["key"]] = ""
                else:
                    choices["people"][person["key"]] = value
        return choices, errors

    def _confirm(self, request, batch, choices):
        # One confirmation only, even from two tabs: the state changes in one conditional update.
        started = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
            status=ImportBatch.Status.IMPORTING, choices=choices, done=0, updated=timezone.now()
        )
        if not started:
            messages.error(request, _("This import is not waiting for a confirmation."))
            return HttpResponseRedirect(request.path)
        batch.refresh_from_db()
        if service.imports_inline(batch):
            try:
                report = service.import_batch(batch=batch)
            except ValidationError as error:
                service.fail(batch, " ".join(error.messages))
                messages.error(request, batch.error)
            except Exception as error:  # written in one transaction: nothing was kept
                logger.exception("Import %s failed", batch.pk)
                service.fail(batch, error)
                messages.error(request, _("The import failed; nothing was written."))
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s created, %(merged)s merged, %(unchanged)s unchanged.")
                    % {
                        "created": len(report.created),
                        "merged": len(report.merged),
                        "unchanged": report.unchanged,
                    },
                )
        else:
            self._enqueue(request, batch, jobs.run_import)
        return HttpResponseRedirect(request.path)

    def _enqueue(self, request, batch, job):
        """Hand the batch to the worker; a queue that is down fails the batch, saying so."""
        try:
            job.enqueue(batch.pk)
        except Exception:
            logger.exception("Import %s could not be enqueued", batch.pk)
            service.fail(batch, _("The background queue is not available; try again later."))
