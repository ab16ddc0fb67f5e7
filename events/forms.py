"""Admin forms of events."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.media import documents
from core.media.forms import RechooseUploadMixin
from core.media.images import ImageUploadField
from events.models import Event, Session, Talk


class EventAdminForm(RechooseUploadMixin, forms.ModelForm):
    """The cover is checked by its content and re-encoded without metadata before storage."""

    cover = ImageUploadField(
        label=capfirst(_("cover")),
        required=False,
        help_text=_("JPEG, PNG or WebP: a photograph or poster of the event."),
    )

    class Meta:
        model = Event
        fields = ["cover"]  # the admin adds the rest from its fieldsets


class SessionSelect(forms.Select):
    """Each session says its event, for the script that offers only the chosen event's."""

    class Media:
        js = ["js/admin-talk-sessions.js"]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        session = getattr(value, "instance", None)
        if session is not None:
            option["attrs"]["data-event"] = str(session.event_id)
        return option


class SessionChoiceField(forms.ModelChoiceField):
    widget = SessionSelect

    def label_from_instance(self, obj):
        return f"{obj.event.title} — {obj}"


class TalkAdminForm(RechooseUploadMixin, forms.ModelForm):
    """Offers only the sessions of the talk's own event once it is known."""

    class Meta:
        model = Talk
        fields = [
            "event",
            "session",
            "date",
            "order",
            "kind",
            "title",
            "agenda_item",
            "abstract",
            "publications",
            "slides",
        ]
        field_classes = {"session": SessionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "session" in self.fields:
            sessions = Session.objects.select_related("event").order_by(
                "-event__start_date", "event", "date", "order", "pk"
            )
            event_id = self.event_id()
            if event_id is not None:
                sessions = sessions.filter(event_id=event_id)
            self.fields["session"].queryset = sessions
            self.fields["session"].error_messages["invalid_choice"] = _(
                "The session belongs to another event: choose one of this event's."
            )

    def event_id(self):
        """The talk's event as far as the form knows it: the one sent, the one given in the
        address (?event=), or the talk's own (an inline row has no event field of its own)."""
        value = None
        if "event" in self.fields:
            if self.is_bound:
                value = self.data.get(self.add_prefix("event"))
            else:
                value = self.initial.get("event")
        value = value or self.instance.event_id
        if isinstance(value, Event):
            return value.pk
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def clean_slides(self):
        """Slides are checked by content like every upload, and stored under the extension
        of what they are (the name given is kept for the download)."""
        slides = self.cleaned_data.get("slides")
        if not isinstance(slides, UploadedFile):
            return slides
        limit = settings.PUBLICATION_FILE_MAX_SIZE
        if slides.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        kind = documents.identify_presentation(slides)
        self.slides_original_name = slides.name.replace("\\", "/").rsplit("/", 1)[-1][:255]
        slides.name = f"slides{kind.extension}"
        return slides
