from django.urls import path

from faq import search_views, views

app_name = "faq"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("q/<slug:slug>/", views.question, name="question"),
    path("search/", search_views.search_page, name="search"),
    path("search/suggest", search_views.search_suggest, name="search-suggest"),
]
