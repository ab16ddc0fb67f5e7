from django.views.generic import ListView

from events.models import Event


class EventsListView(ListView):
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        return Event.objects.published()
