from calendar import monthrange
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Cast, NullIf
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from faq.loading import NaturalKeyManager, known_key
from faq.search.query import MAX_QUERY_LENGTH
from faq.translations.state import TranslationTracked

_SLUG = "__slug__"


def url_with_slug(viewname: str, slug: str) -> str:
    """reverse(viewname, kwargs={"slug": slug}), reversed once per language and URL setup.

    reverse() costs tens of microseconds and home links to two hundred questions; their
    URLs differ only in the slug, which needs no quoting (letters, digits, - and _).
    """
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pattern = _slug_url_pattern(viewname, get_language(), get_script_prefix(), urlconf)
    return pattern.replace(_SLUG, slug)


@lru_cache(maxsize=64)
def _slug_url_pattern(viewname, language, script_prefix, urlconf):
    return reverse(viewname, kwargs={"slug": _SLUG}, urlconf=urlconf)


# The one rule of what a visitor may see, as Q objects: the QuerySets' published() filter by
# them, with_visibility() reads them into each row (for the editors' Preview badge and
# banner), and a question's rule contains its category's.
VISIBLE = "visible_to_visitors"


def category_visible_q(prefix="") -> Q:
    """A category a visitor may see: published, inside a published group (if any), as a Q on
    the category at ``prefix``."""
    in_visible_group = Q(**{f"{prefix}parent": None}) | Q(**{f"{prefix}parent__is_published": True})
    return Q(**{f"{prefix}is_published": True}) & in_visible_group


def _with_flag(queryset, condition: Q):
    return queryset.annotate(**{VISIBLE: ExpressionWrapper(condition, BooleanField())})


class VisibleToVisitors:
    """is_public: whether a visitor may see this object, by the rule its QuerySet's
    published() applies (never a second copy of it). Read from the row when it was loaded
    through with_visibility(), else asked of the database."""

    @property
    def is_public(self) -> bool:
        if VISIBLE in self.__dict__:
            return bool(self.__dict__[VISIBLE])
        return type(self)._default_manager.published().filter(pk=self.pk).exists()


class CategoryQuerySet(models.QuerySet):
    def published(self):
        """Categories a visitor may see: published, inside a published group (if any)."""
        return self.filter(category_visible_q())

    def with_visibility(self):
        """Each category with is_public read along (for editors' pages): no query per row."""
        return _with_flag(self, category_visible_q())

    def groups(self):
        return self.filter(parent__isnull=True)

    def listed(self, now=None):
        """Published categories with something to read: a due question of their own, or
        (for a group) in one of its published categories. Lists for visitors (home, a
        group's categories, the sitemap) show only these: an empty card is a dead end."""
        questions = Question.objects.filter(due_q(now=now))
        own = questions.filter(category=models.OuterRef("pk"))
        in_child = questions.filter(
            category__parent=models.OuterRef("pk"), category__is_published=True
        )
        return self.published().filter(models.Exists(own) | models.Exists(in_child))


class Category(VisibleToVisitors, TranslationTracked):
    """A group of categories (no parent) or a category inside a group (one level deep)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Leave empty for a group; pick a group for a category."),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("ASCII letters, digits and hyphens; used in the page address."),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    contact_channels = models.ManyToManyField(
        "contacts.ContactChannel",
        verbose_name=_("contact channels"),
        blank=True,
        related_name="categories",
    )

    objects = NaturalKeyManager.from_queryset(CategoryQuerySet)("slug")

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_with_slug("faq:category", self.slug)

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own group.")})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Categories nest one level deep: pick a group, not a category.")}
            )

    def natural_key(self):
        return (self.slug,)


def due_q(prefix="", now=None) -> Q:
    """Published and due, whatever the category, as a Q on the question at ``prefix``."""
    return Q(
        **{
            f"{prefix}status": Question.Status.PUBLISHED,
            f"{prefix}publish_at__lte": now or timezone.now(),
        }
    )


def published_q(prefix="", now=None) -> Q:
    """What a visitor may see: published, due, and in a visible category, as a Q on the
    question at ``prefix`` ("target__" for a related link's), so that a row joined to a
    question is filtered by joins rather than a subquery of every published question."""
    return due_q(prefix, now) & category_visible_q(f"{prefix}category__")


class QuestionQuerySet(models.QuerySet):
    def due(self, now=None):
        """Published and due, whatever the category: for lists inside a category already
        known to be visible, which then need no join."""
        return self.filter(due_q(now=now))

    def scheduled(self, now=None):
        """Published but not yet due: they appear by themselves when their time comes."""
        return self.filter(status=Question.Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def published(self, now=None):
        """Questions a visitor may see: published, due, and in a visible category."""
        return self.filter(published_q(now=now))

    def with_visibility(self, now=None):
        """Each question with is_public read along (for editors' pages): no query per row."""
        return _with_flag(self, published_q(now=now))

    def featured(self):
        # A subquery, so that the database finds the featured few by their partial index:
        # given the flag beside published()'s conditions, SQLite walks every published
        # question instead (23 ms at 100,000 questions, against 0.35 ms).
        return self.filter(pk__in=Question.objects.filter(is_featured=True).values("pk"))

    def needs_review(self, today=None):
        """Published questions whose review-by date has come; with no date set, publication
        + FAQ_REVIEW_MONTHS counts (content loaded from fixtures carries none)."""
        today = today or timezone.localdate()
        published_by = _published_on_or_before(today, settings.FAQ_REVIEW_MONTHS)
        never_dated = Q(review_by=None, publish_at__date__lte=published_by)
        return self.filter(status=Question.Status.PUBLISHED).filter(
            Q(review_by__lte=today) | never_dated
        )

    def with_helpfulness(self):
        """Annotate vote counts and the share of "yes" (None until someone votes); sortable."""
        yes = models.Count("votes", filter=Q(votes__is_helpful=True))
        no = models.Count("votes", filter=Q(votes__is_helpful=False))
        total = NullIf(models.F("helpful_yes") + models.F("helpful_no"), 0)
        share = Cast("helpful_yes", models.FloatField()) / total
        return self.annotate(helpful_yes=yes, helpful_no=no).annotate(helpful_share=share)


def _published_on_or_before(today, months):
    """The last publication day whose default review date (add_months(day, months)) has
    come by ``today``: on a month's last day, every later day of the month ``months`` back
    too (the 29th to 31st of January all fall due on the last day of February)."""
    day = add_months(today, -months)
    if today.day == monthrange(today.year, today.month)[1]:
        day = day.replace(day=monthrange(day.year, day.month)[1])
    return day


def add_months(day, months):
    """``day`` moved by whole ``months``; the 31st becomes the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last = monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


class Question(VisibleToVisitors, TranslationTracked):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    title = models.CharField(_("question"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("ASCII letters, digits and hyphens; used in the page address."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        help_text=_("The question stays hidden from visitors until this time."),
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    # Content both languages share, set by editors: deriving it from the wording of one
    # language (a Japanese closing phrase) showed the link on Japanese pages only.
    asks_to_contact = models.BooleanField(
        _("asks visitors to contact us"),
        default=False,
        help_text=_(
            "Tick when the answer ends by asking visitors to contact us: the page then shows "
            "a “How to contact us” link to the contact channels below the answer, in every "
            "language."
        ),
    )
    contact_channels = models.ManyToManyField(
        "contacts.ContactChannel",
        verbose_name=_("contact channels"),
        blank=True,
        related_name="questions",
    )
    # The editorial workflow (faq/editorial/): when someone must re-check the answer (empty:
    # publication + FAQ_REVIEW_MONTHS), and the reviewer's word when sending a draft back.
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("Someone re-checks the answer by this date. Visitors never see it."),
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True, editable=False)
    # Not auto_now: fixtures load with raw saves, which skip auto_now, so a default
    # keeps loaddata working with or without timestamps in the file.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = NaturalKeyManager.from_queryset(QuestionQuerySet)("slug")

    class Meta:
        ordering = ("category__position", "position", "pk")
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        # Editors hold it, Authors do not (faq/roles.py): publishing is a second person's call.
        permissions = [("publish_question", _("Can publish questions"))]
        indexes = [
            models.Index(fields=("status", "publish_at")),
            # A category's questions in list order (its page, home, previous/next): an index
            # range in order, so a page costs the same however many questions there are;
            # publish_at last, so counting a category's due questions reads the index alone.
            models.Index(
                fields=("category", "status", "position", "id", "publish_at"),
                name="question_listing",
            ),
            # The few featured questions among many (home and the no-results page).
            models.Index(
                fields=("is_featured",), condition=Q(is_featured=True), name="question_featured"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_with_slug("faq:question", self.slug)

    @property
    def is_scheduled(self):
        """Published, but not yet due: lists say "Scheduled", not "Published"."""
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def review_due(self):
        """The review-by date, or the default one (publication + FAQ_REVIEW_MONTHS): the
        rule QuestionQuerySet.needs_review() applies in SQL (a test holds the two together)."""
        if self.review_by:
            return self.review_by
        publication = timezone.localtime(self.publish_at).date()
        return add_months(publication, settings.FAQ_REVIEW_MONTHS)

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["faq.category", "contacts.contactchannel"]


def _question_key(obj):
    """The natural key of obj's question: from memory during loaddata (faq.loading)."""
    return known_key(Question, obj.question_id, obj._state.db) or obj.question.natural_key()


class Answer(TranslationTracked):
    """The answer to one question, in Markdown (paragraphs, bullet lists, ◆ headings)."""

    question = models.OneToOneField(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answer"
    )
    body = models.TextField(_("answer"), help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = NaturalKeyManager("question__slug")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return str(self.question)

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def natural_key(self):
        return _question_key(self)

    natural_key.dependencies = ["faq.question"]


class RelatedLinkManager(NaturalKeyManager):
    def natural_key_lookup(self, question_slug, position):
        # The question first, then the link by its unique (question, position) index: joined
        # in one query, PostgreSQL scans every link per lookup while loaddata fills the
        # table (no statistics yet), which makes a large load quadratic.
        question_id = Question.objects.filter(slug=question_slug).values_list("pk", flat=True)
        return self.get(question_id=question_id.first(), position=position)


class RelatedLink(TranslationTracked):
    """A "see also" entry: another question of the FAQ, or an outside page."""

    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="related_links",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    label = models.CharField(
        _("label"),
        max_length=300,
        blank=True,
        help_text=_("Required for an outside page; defaults to the title of a linked question."),
    )
    target = models.ForeignKey(
        Question,
        verbose_name=_("linked question"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="linked_from",
    )
    url = models.URLField(_("outside page"), max_length=500, blank=True)

    objects = RelatedLinkManager("question__slug", "position")

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("related link")
        verbose_name_plural = _("related links")
        constraints = [
            models.UniqueConstraint(
                fields=("question", "position"), name="relatedlink_unique_position"
            ),
            models.CheckConstraint(
                condition=(Q(target__isnull=False) & Q(url=""))
                | (Q(target__isnull=True) & ~Q(url="")),
                name="relatedlink_target_xor_url",
                violation_error_message=_(
                    "A related link points at either a question or an outside page, "
                    "exactly one of the two."
                ),
            ),
        ]

    def __str__(self):
        return self.display_label

    def natural_key(self):
        return (*_question_key(self), self.position)

    natural_key.dependencies = ["faq.question"]

    @property
    def display_label(self):
        if self.label:
            return self.label
        return self.target.title if self.target_id else self.url

    @property
    def href(self):
        return self.target.get_absolute_url() if self.target_id else self.url

    def clean(self):
        if self.target_id and self.url:
            raise ValidationError(
                {"url": _("Give either a linked question or an outside page, not both.")}
            )
        if not self.target_id and not self.url:
            raise ValidationError({"target": _("Give a linked question or an outside page.")})
        if self.target_id and self.target_id == self.question_id:
            raise ValidationError({"target": _("A question cannot link to itself.")})
        if self.url and not self.label:
            raise ValidationError({"label": _("An outside page needs a label.")})


class Vote(models.Model):
    """One visitor's answer to "Was this helpful?"; a second vote replaces the first."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="votes"
    )
    # A random id from a long-lived cookie: votes need no login and store no personal data.
    voter = models.CharField(_("voter"), max_length=64)
    is_helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("-updated_at", "pk")
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=("question", "voter"), name="vote_one_per_voter"),
        ]

    def __str__(self):
        return f"{self.question}: {'+' if self.is_helpful else '-'}"


# --- Search (issue 4): the index rows, editors' synonyms and the search log ------------


class SearchDocument(models.Model):
    """Pre-tokenised text of one question (both languages), what the full-text index reads.

    Kept in sync by faq/search/sync.py. No foreign key on purpose: the row is written and
    deleted only by the sync code, never by a cascade racing it. The database adds its own
    index on top (FTS5 table on SQLite, tsvector columns on PostgreSQL: migration 0008).
    """

    question_id = models.BigIntegerField(primary_key=True)
    title = models.TextField(blank=True)
    answer = models.TextField(blank=True)
    category = models.TextField(blank=True)
    # The reading of the Japanese text as hiragana bigrams (faq/search/readings.py).
    title_reading = models.TextField(blank=True)
    body_reading = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"search document of question {self.question_id}"


class SynonymQuerySet(models.QuerySet):
    def for_language(self, language):
        return self.filter(language__in=("", language))


class Synonym(models.Model):
    """Words visitors use for the same thing; a query for one finds all of them."""

    class Language(models.TextChoices):
        ALL = "", _("All languages")
        JAPANESE = "ja", _("Japanese")
        ENGLISH = "en", _("English")

    terms = models.CharField(
        _("terms"),
        max_length=500,
        unique=True,
        help_text=_(
            "Words that mean the same, separated by commas: アメックス, AMEX. One-way, "
            "a visitor's words before “=>” and the FAQ's after: 店頭, お店 => 実店舗"
        ),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, blank=True, default=""
    )

    objects = NaturalKeyManager.from_queryset(SynonymQuerySet)("terms")

    class Meta:
        ordering = ("language", "terms")
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return self.terms

    def natural_key(self):
        return (self.terms,)

    @staticmethod
    def as_term(text: str) -> str:
        """Text as one term: the separators (",", "、", "=>") it holds become spaces."""
        for separator in (",", "、", "=>"):
            text = text.replace(separator, " ")
        return " ".join(text.split())

    @property
    def term_list(self):
        """Every term, on both sides of a one-way "=>"."""
        return _split_terms(self.terms.replace("=>", ","))

    @property
    def source_terms(self):
        """The terms that bring in the others: left of "=>" (one-way), or all of them."""
        return _split_terms(self.terms.split("=>")[0])

    def clean(self):
        sides = self.terms.split("=>")
        if len(sides) > 2 or not all(_split_terms(side) for side in sides):
            raise ValidationError({"terms": _("Write at most one “=>”, with terms on both sides.")})
        if len(self.term_list) < 2:
            raise ValidationError({"terms": _("Give at least two terms, separated by commas.")})


def _split_terms(text):
    return [term.strip() for term in text.replace("、", ",").split(",") if term.strip()]


class SearchQuery(models.Model):
    """One search a visitor made: what was typed, its normalised form, how many questions it
    found, and which result (if any) the visitor then clicked.

    No IP address, no user agent: editors need what was asked, not who asked. ``visit`` is the
    random id of one short visit (faq.search.analytics), which only ties searches of the same
    visit together: it is made of nothing about the visitor.
    """

    query = models.CharField(_("query"), max_length=MAX_QUERY_LENGTH)
    typed = models.CharField(_("as typed"), max_length=MAX_QUERY_LENGTH, blank=True)
    language = models.CharField(_("language"), max_length=8)
    result_count = models.PositiveIntegerField(_("results"))
    visit = models.CharField(_("visit"), max_length=32, blank=True)
    clicked = models.ForeignKey(
        Question,
        verbose_name=_("clicked result"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=("visit", "created_at"), name="faq_search_visit_idx")]
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")

    def __str__(self):
        return self.query


class Translation(Question):
    """No table of its own: the admin's Translations page (faq.translations.admin), which
    covers every translated model, needs a model to hang on and permissions to check."""

    class Meta:
        proxy = True
        verbose_name = _("translation")
        verbose_name_plural = _("translations")


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(is_broken=True)


class LinkCheck(models.Model):
    """The last result of ``manage.py check_links`` for one outside address, whichever
    related links and answers hold it (faq/editorial/links.py finds them)."""

    url = models.URLField(_("address"), max_length=2000, unique=True)
    is_broken = models.BooleanField(_("broken"), default=False)
    status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.URLField(_("after redirects"), max_length=2000, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        ordering = ("-is_broken", "url")
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self):
        return self.url


class SiteSettings(models.Model):
    """The help centre's identity, kept by editors: names, logo and footer links.

    One record (``key`` is always "site", its natural key). The logo is either an uploaded
    SVG or PNG, kept sanitised in the database (faq.site_logo) so that every app server
    serves the same bytes without shared media storage, or the path of a static file.
    """

    KEY = "site"

    key = models.SlugField(max_length=20, unique=True, default=KEY, editable=False)
    site_name = models.CharField(
        _("site name"), max_length=100, help_text=_("The header's title, e.g. よくあるご質問.")
    )
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    logo = models.BinaryField(_("uploaded logo"), blank=True, default=b"", editable=False)
    logo_type = models.CharField(_("logo type"), max_length=20, blank=True, editable=False)
    logo_static = models.CharField(
        _("logo static file"),
        max_length=200,
        blank=True,
        help_text=_("Path of a static file, e.g. faq/logo.svg; used when no logo is uploaded."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = NaturalKeyManager("key")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.key,)

    def clean(self):
        if self.logo_static and not finders.find(self.logo_static):
            raise ValidationError({"logo_static": _("There is no static file by that name.")})

    @property
    def links(self):
        """The footer links (none before the record is first saved)."""
        return list(self.footer_links.all()) if self.pk else []

    @property
    def logo_stamp(self):
        """Changes with each save: the uploaded logo's address, cached for a year, with it."""
        return self.updated_at.strftime("%Y%m%d%H%M%S%f")

    @property
    def logo_url(self):
        """The uploaded logo's address, else the static file's, else ""."""
        if self.logo:
            return reverse("site-logo", kwargs={"stamp": self.logo_stamp})
        try:
            return static(self.logo_static) if self.logo_static else ""
        except ValueError:  # not in the manifest (removed since): no logo, not a broken site
            return ""


class FooterLinkManager(NaturalKeyManager):
    def natural_key_lookup(self, settings_key, position):
        return self.get(site_settings__key=settings_key, position=position)


class FooterLink(models.Model):
    """A link in the footer of every page (company site, privacy policy, terms...)."""

    site_settings = models.ForeignKey(
        SiteSettings, on_delete=models.CASCADE, related_name="footer_links"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=100)
    url = models.URLField(_("address"), max_length=500)

    objects = FooterLinkManager("site_settings__key", "position")

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")
        constraints = [
            models.UniqueConstraint(
                fields=("site_settings", "position"), name="footerlink_unique_position"
            )
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (*self.site_settings.natural_key(), self.position)

    natural_key.dependencies = ["faq.sitesettings"]


class SharedCounter(models.Model):
    """What every process of a deployment without a shared cache server must agree on.

    With no CACHE_URL each process caches in its own memory, so the page cache's content
    version (one row, key ``content-version``) and the rate-limit counters (hashed keys that
    carry their window) live here, in the one database every process shares (faq/cache.py,
    faq/ratelimit.py). An UPDATE of ``value = value + 1`` is atomic on SQLite and PostgreSQL.
    """

    key = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=0)
    # When a rate-limit counter's window is over (and the row may go); None for the version.
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self):
        return f"{self.key} = {self.value}"
