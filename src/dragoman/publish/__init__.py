"""Publish: the built-in site, its feeds, and (later) other targets such as WordPress."""
