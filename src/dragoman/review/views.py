"""The review queue: editors see held translations, correct them beside the original, approve or reject.

Only users with the ``articles.review_translation`` permission (the "Editors" group has it) get in; they
sign in through the admin's throttled login. Every form is POSTed with Django's CSRF token, and the pages
carry the site's Content-Security-Policy: no script at all, plain HTML forms.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from dragoman.articles.models import Revision, Translation
from dragoman.articles.modes import UpgradeError, upgrade_to_full
from dragoman.publish.blocks import blocks, paired_blocks
from dragoman.publish.languages import direction
from dragoman.publish.publishing import unpublish
from dragoman.review.editing import EDITABLE, ReviewError, approve, correct, reject
from dragoman.review.names import accept, dismiss

REVIEWER = "articles.review_translation"


def _login_required(view):
    return permission_required(REVIEWER, login_url="admin:login")(view)


@_login_required
def queue(request):
    held = (
        Translation.objects.filter(state=Translation.State.REVIEW)
        .select_related("article__entry__source")
        .annotate(edits=Count("revisions"))
        .order_by("translated_at", "pk")
    )
    recent = Revision.objects.filter(kind=Revision.Kind.EDIT).select_related("translation", "editor").order_by("-created_at")
    return render(request, "dragoman/review/queue.html", {"held": held, "recent": recent[:20]})


@_login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    translation = get_object_or_404(
        Translation.objects.select_related("article__entry__source"), pk=pk, state__in=EDITABLE
    )
    if request.method == "POST":
        return _act(request, translation)
    article = translation.article
    source_language = article.source_language
    return render(
        request,
        "dragoman/review/edit.html",
        {
            "translation": translation,
            "original": article,
            "pairs": paired_blocks(article.body_html, translation.body_html),
            "source_language": source_language,
            "source_dir": direction(source_language),
            "target_dir": direction(translation.target_language),
            "revisions": translation.revisions.select_related("editor").order_by("-created_at"),
            "name_corrections": translation.name_corrections.filter(state="offered"),
        },
    )


def _act(request, translation: Translation):
    action = request.POST.get("action", "")
    if request.POST.get("name_accept") or request.POST.get("name_dismiss"):
        return _decide_name(request, translation)
    if action == "full":
        return _translate_in_full(request, translation)
    if action == "unpublish":  # back to review: its pages, listings and feeds follow (dragoman.rendered)
        if unpublish(translation.pk):
            messages.success(request, f"Taken off the site, back in the queue: {translation.title}")
        else:
            messages.error(request, f"Not published, so not taken off the site: {translation.title}")
        return redirect("dragoman:review-edit", pk=translation.pk)
    try:
        if action in ("save", "approve"):
            count = len(blocks(translation.body_html))
            correction = correct(
                translation,
                title=request.POST.get("title", translation.title),
                subtitle=request.POST.get("subtitle", translation.subtitle),
                body_blocks=[request.POST.get(f"block-{i}", "") for i in range(count)],
                editor=request.user,
                note=request.POST.get("note", ""),
                glossary=_glossary_lines(request.POST.get("glossary", "")),
            )
            if correction.revision is not None:
                messages.success(
                    request, f"Correction saved; {correction.learned} unit(s) added to the translation memory."
                )
            for reason in correction.skipped:
                messages.warning(request, f"Not added to the memory: {reason}")
            if correction.terms:
                messages.success(request, f"Glossary: {', '.join(str(t) for t in correction.terms)}")
            for offered in correction.names:
                messages.info(request, f"You spelled {offered.name} as {offered.new_form}: add it to the glossary below.")
        if action == "approve":
            approve(translation, request.user)
            messages.success(request, f"Published: {translation.title}")
            return redirect("dragoman:review")
        if action == "reject":
            reject(translation, request.user, request.POST.get("note", ""))
            messages.success(request, f"Rejected: {translation.title}")
            return redirect("dragoman:review")
    except ReviewError as exc:
        messages.error(request, str(exc))
    return redirect("dragoman:review-edit", pk=translation.pk)


def _translate_in_full(request, translation: Translation):
    """An editor upgrades a partial (lead or title) translation: the whole article is translated and published
    (dragoman.articles.modes.upgrade_to_full); it leaves the queue until it is translated."""
    try:
        upgrade_to_full(translation.pk)
    except UpgradeError as exc:
        messages.error(request, str(exc))
        return redirect("dragoman:review-edit", pk=translation.pk)
    messages.success(request, f"To be translated in full: {translation.title}")
    return redirect("dragoman:review")


def _decide_name(request, translation: Translation):
    """An editor accepts (for the glossary) or dismisses a name correction offered for this translation."""
    accepting = bool(request.POST.get("name_accept"))
    pk = request.POST.get("name_accept") or request.POST.get("name_dismiss")
    offered = translation.name_corrections.filter(pk=pk if str(pk).isdigit() else 0, state="offered").first()
    if offered is None:
        messages.error(request, "That name correction is no longer offered.")
    elif accepting:
        term = accept(offered, request.user)
        messages.success(request, f"Glossary: {term}; every later translation of the pair spells it so.")
    else:
        dismiss(offered, request.user)
        messages.success(request, f"Dismissed: {offered.name} as {offered.new_form}")
    return redirect("dragoman:review-edit", pk=translation.pk)


def _glossary_lines(text: str) -> list[tuple[str, str]]:
    """``source term = target term``, one pair per line; other lines are ignored."""
    pairs = []
    for line in text.splitlines():
        if "=" in line:
            source, target = line.split("=", 1)
            pairs.append((source.strip(), target.strip()))
    return pairs
