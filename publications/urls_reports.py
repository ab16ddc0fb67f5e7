"""COUNTER R5.1 reports shaped like the COUNTER_SUSHI API (unprefixed machine endpoints)."""

from django.urls import path

from publications.usage import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("ir", views.item_report, name="ir"),
    path("pr", views.platform_report, name="pr"),
]
