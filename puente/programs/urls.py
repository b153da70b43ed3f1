from django.urls import path, re_path

from puente.programs import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.my_programs, name="my-programs"),
    path("programs/new/", views.program_create, name="program-create"),
    path("p/<slug:slug>/", views.program_home, name="program-home"),
    path("p/<slug:slug>/edit/", views.program_edit, name="program-edit"),
    re_path(
        r"^p/(?P<slug>[-\w]+)/(?P<part>waves|tracks|focus-areas)/add/$",
        views.program_part_add,
        name="program-part-add",
    ),
    path("p/<slug:slug>/waves/<int:number>/next/", views.wave_clone, name="wave-clone"),
    path("p/<slug:slug>/people/", views.directory, name="directory"),
    path("p/<slug:slug>/people/invite/", views.invite, name="invite"),
    path("p/<slug:slug>/people/<int:user_id>/", views.member_detail, name="member-detail"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
