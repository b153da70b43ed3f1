from django.urls import path

from puente.privacy import views

app_name = "privacy"

urlpatterns = [
    path("me/data/", views.my_data, name="my-data"),
    path("me/data/download/", views.download, name="download"),
    path("me/data/download/<str:token>/", views.download_file, name="download-file"),
    path("me/data/erasure/", views.erasure_request, name="erasure-request"),
    path("me/data/erasure/withdraw/", views.erasure_withdraw, name="erasure-withdraw"),
    path("me/data/erasure/confirm/<str:token>/", views.erasure_confirm, name="erasure-confirm"),
    path("privacy/requests/", views.requests, name="requests"),
    path("privacy/requests/<int:pk>/erase/", views.erase, name="erase"),
]
