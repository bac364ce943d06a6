from django import forms
from django.contrib import admin

from dragoman.budgets.limits import left, save_budget
from dragoman.budgets.models import Budget, EnginePrice, Usage
from dragoman.translate.engines import engine_names


def _known_engine(name: str) -> str:
    if name not in engine_names():
        raise forms.ValidationError(f"unknown translation engine {name!r}; known engines: {', '.join(engine_names())}")
    return name


class EnginePriceForm(forms.ModelForm):
    class Meta:
        model = EnginePrice
        fields = ["engine", "per_million", "currency"]

    def clean_engine(self):
        return _known_engine(self.cleaned_data["engine"])


@admin.register(EnginePrice)
class EnginePriceAdmin(admin.ModelAdmin):
    form = EnginePriceForm
    list_display = ["engine", "per_million", "currency", "updated_at"]


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["engine", "source", "daily_chars", "monthly_chars"]

    def clean_engine(self):
        return _known_engine(self.cleaned_data["engine"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("daily_chars") and not cleaned.get("monthly_chars"):
            raise forms.ValidationError("a budget needs a daily or a monthly limit (or both)")
        return cleaned


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    """Character limits per engine (or engine and source); enforced before each batch is sent (docs/budgets.md)."""

    form = BudgetForm
    list_display = ["engine", "source", "daily_chars", "left_today", "monthly_chars", "left_this_month"]
    list_filter = ["engine"]
    raw_id_fields = ["source"]

    def save_model(self, request, obj, form, change):
        save_budget(obj)  # the characters already sent today and this month count

    @admin.display(description="left today")
    def left_today(self, budget):
        return left(budget).left_today

    @admin.display(description="left this month")
    def left_this_month(self, budget):
        return left(budget).left_this_month


@admin.register(Usage)
class UsageAdmin(admin.ModelAdmin):
    """Counted by the engines' metering: read here, never edited."""

    list_display = ["day", "engine", "source_pk", "characters", "requests", "memory_characters"]
    list_filter = ["engine"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
