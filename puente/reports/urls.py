from django.urls import path

from puente.reports import views, views_characterization

app_name = "reports"

urlpatterns = [
    path("p/<slug:slug>/reports/", views.mine, name="mine"),
    path("p/<slug:slug>/reports/filing/", views.filing, name="filing"),
    path(
        "p/<slug:slug>/reports/relationships/<int:pk>/<int:year>-<int:month>/",
        views.report_edit,
        name="report-edit",
    ),
    path(
        "p/<slug:slug>/reports/relationships/<int:pk>/final/",
        views.report_edit,
        name="report-final",
    ),
    path("p/<slug:slug>/reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("p/<slug:slug>/reports/<int:pk>/review/", views.report_review, name="report-review"),
    path("p/<slug:slug>/certificates/", views.certificates, name="certificates"),
    path("p/<slug:slug>/certificates/issue/", views.certificates_issue, name="certificates-issue"),
    path(
        "p/<slug:slug>/certificates/<int:pk>/revoke/",
        views.certificate_revoke,
        name="certificate-revoke",
    ),
    path(
        "p/<slug:slug>/certificates/<int:pk>/pdf/",
        views.certificate_pdf,
        name="certificate-pdf",
    ),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate-verify"),
    path("p/<slug:slug>/exports/", views.export, name="export"),
    path("p/<slug:slug>/reports/program/", views.program_final, name="program-final"),
    path("p/<slug:slug>/reports/program/pdf/", views.program_final_pdf, name="program-final-pdf"),
    path("p/<slug:slug>/reports/program/month/", views.program_monthly, name="program-monthly"),
    path(
        "p/<slug:slug>/reports/program/month/pdf/",
        views.program_monthly_pdf,
        name="program-monthly-pdf",
    ),
    path("p/<slug:slug>/reports/program/stories/", views.program_stories, name="program-stories"),
    path("p/<slug:slug>/dashboard/", views.funder_dashboard, name="funder-dashboard"),
    path(
        "p/<slug:slug>/dashboard/export.<str:file_format>",
        views.funder_dashboard_export,
        name="funder-dashboard-export",
    ),
    path("exports/<str:token>/", views.export_download, name="export-download"),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/business/",
        views_characterization.relationship_characterization,
        name="relationship-characterization",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/business/<int:mentee_pk>/",
        views_characterization.characterization_page,
        name="characterization",
    ),
    path(
        "p/<slug:slug>/mentoring/<int:pk>/business/<int:mentee_pk>/pdf/",
        views_characterization.characterization_pdf,
        name="characterization-pdf",
    ),
]
