from django.views.generic import ListView

from people.models import Person


class PeopleListView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return Person.objects.published()
