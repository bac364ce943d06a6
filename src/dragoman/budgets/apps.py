from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "dragoman.budgets"
    label = "budgets"
    verbose_name = "Engine budgets and prices"
