from django.urls import path

from redress.analytics.api.returns import VIEWS, UnknownReturn

urlpatterns = [
    *[path(f"reports/returns/{kind}/", view.as_view(), name=f"api-return-{kind}") for kind, view in VIEWS.items()],
    path("reports/returns/<str:kind>/", UnknownReturn.as_view(), name="api-return"),
]
