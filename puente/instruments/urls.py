from django.urls import path

from puente.instruments import views

app_name = "instruments"

FORM = "p/<slug:slug>/forms/<int:pk>/"
QUESTION = f"{FORM}questions/<int:question_id>/"

urlpatterns = [
    path("p/<slug:slug>/forms/", views.instrument_list, name="instrument-list"),
    path("p/<slug:slug>/forms/new/", views.instrument_create, name="instrument-create"),
    path(
        "p/<slug:slug>/forms/new/from-template/",
        views.instrument_from_template,
        name="instrument-from-template",
    ),
    path(FORM, views.builder, name="builder"),
    path(f"{FORM}edit/", views.version_edit, name="version-edit"),
    path(f"{FORM}publish/", views.version_publish, name="version-publish"),
    path(f"{FORM}preview/", views.preview, name="preview"),
    path(f"{FORM}versions/<int:number>/questions/add/", views.question_add, name="question-add"),
    path(f"{QUESTION}edit/", views.question_edit, name="question-edit"),
    path(f"{QUESTION}move/", views.question_move, name="question-move"),
    path(f"{QUESTION}delete/", views.question_delete, name="question-delete"),
]
