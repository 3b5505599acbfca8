from django.urls import path

from faq import views

app_name = "faq"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("q/<slug:slug>/", views.question, name="question"),
    path("q/<slug:slug>/vote/", views.vote, name="vote"),
    path("search/", views.search, name="search"),
]
