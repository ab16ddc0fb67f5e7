from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.EventsListView.as_view(), name="list"),
    path("talks/<int:pk>/slides/", views.TalkSlidesView.as_view(), name="slides"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.EventCalendarView.as_view(), name="ical"),
    path("<slug:slug>/cover/<slug:size>/", views.cover, name="cover"),
]
