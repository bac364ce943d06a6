"""Dragoman: carries news across languages with honest attribution."""

__version__ = "0.1.0"
