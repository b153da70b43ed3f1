from django.urls import path, re_path

from puente.programs import views

app_name = "programs"

# The set-up page's three lists (programs.views.PARTS). An item is named by its ``ref``: a wave by
# its number, as in the wave's other addresses; a track or focus area by its id.
PART = "(?P<part>waves|tracks|focus-areas)"

urlpatterns = [
    path("programs/", views.my_programs, name="my-programs"),
    path("programs/new/", views.program_create, name="program-create"),
    path("p/<slug:slug>/", views.program_home, name="program-home"),
    path("p/<slug:slug>/edit/", views.program_edit, name="program-edit"),
    re_path(
        rf"^p/(?P<slug>[-\w]+)/{PART}/add/$",
        views.program_part_add,
        name="program-part-add",
    ),
    re_path(
        rf"^p/(?P<slug>[-\w]+)/{PART}/(?P<ref>\d+)/edit/$",
        views.program_part_edit,
        name="program-part-edit",
    ),
    re_path(
        rf"^p/(?P<slug>[-\w]+)/{PART}/(?P<ref>\d+)/move/$",
        views.program_part_move,
        name="program-part-move",
    ),
    re_path(
        rf"^p/(?P<slug>[-\w]+)/{PART}/(?P<ref>\d+)/archive/$",
        views.program_part_archive,
        name="program-part-archive",
    ),
    re_path(
        rf"^p/(?P<slug>[-\w]+)/{PART}/(?P<ref>\d+)/delete/$",
        views.program_part_delete,
        name="program-part-delete",
    ),
    path("p/<slug:slug>/waves/<int:number>/next/", views.wave_clone, name="wave-clone"),
    path("p/<slug:slug>/people/", views.directory, name="directory"),
    path("p/<slug:slug>/people/invite/", views.invite, name="invite"),
    path("p/<slug:slug>/people/<int:user_id>/", views.member_detail, name="member-detail"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
