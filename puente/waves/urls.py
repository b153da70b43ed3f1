from django.urls import path

from puente.waves import views

app_name = "waves"

urlpatterns = [
    path("p/<slug:slug>/waves/compare/", views.compare, name="compare"),
    path("p/<slug:slug>/waves/<int:number>/alumni/", views.alumni_invite, name="alumni-invite"),
]
