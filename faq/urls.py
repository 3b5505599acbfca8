from django.urls import path

from faq import views
from faq.search.views import search_page, search_suggest

app_name = "faq"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("q/<slug:slug>/", views.question, name="question"),
    path("q/<slug:slug>/vote/", views.vote, name="vote"),
    path("vote/token", views.vote_token, name="vote-token"),
    path("search/", search_page, name="search"),
    path("search/suggest", search_suggest, name="search-suggest"),
]
