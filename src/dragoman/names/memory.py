"""The names memory in the database (implements :class:`dragoman.translate.names.NamesMemory`)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import F

from dragoman.names.models import KnownName


class DatabaseNames:
    """Names seen in earlier articles of each pair, with their forms."""

    def lookup(self, source: str, target: str, names: list[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(names), 500):  # stay under SQLite's parameter limit
            rows = KnownName.objects.filter(
                source_language=source, target_language=target, name__in=names[start : start + 500]
            ).values_list("name", "form", "origin")
            found.update({name: (form, origin) for name, form, origin in rows})
        return found

    def store(self, source: str, target: str, forms: Mapping[str, tuple[str, str]]) -> None:
        """New names are added; a name seen again counts once more and keeps the form it has (one spelling),
        unless the new form is an editor's."""
        forms = {name[:300]: (form[:300], origin) for name, (form, origin) in forms.items() if name and form}
        if not forms:
            return
        with transaction.atomic():
            held = set(
                KnownName.objects.filter(source_language=source, target_language=target, name__in=list(forms))
                .values_list("name", flat=True)
            )
            KnownName.objects.filter(source_language=source, target_language=target, name__in=list(held)).update(
                seen=F("seen") + 1
            )
            KnownName.objects.bulk_create(
                [
                    KnownName(source_language=source, target_language=target, name=name, form=form, origin=origin)
                    for name, (form, origin) in forms.items()
                    if name not in held
                ],
                ignore_conflicts=True,
            )
            for name, (form, origin) in forms.items():
                if name in held and origin == KnownName.Origin.EDITOR:
                    KnownName.objects.filter(source_language=source, target_language=target, name=name).update(
                        form=form, origin=origin
                    )

    def correct(self, source: str, target: str, name: str, form: str) -> None:
        """An editor's form: it replaces whatever the memory held."""
        KnownName.objects.update_or_create(
            source_language=source, target_language=target, name=name,
            defaults={"form": form, "origin": KnownName.Origin.EDITOR},
        )  # fmt: skip
