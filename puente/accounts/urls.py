from django.urls import path

from puente.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/edit/", views.profile_edit, name="profile-edit"),
    path("accounts/link/", views.signin_link_request, name="link-request"),
    path("accounts/link/<str:token>/", views.signin_link, name="link-signin"),
    path("language/", views.language, name="language"),
    path("unsubscribe/<slug:kind>/<str:token>/", views.notification_turn_off, name="unsubscribe"),
]
