"""Sources: the feeds, sitemaps and pages Dragoman watches, and when to look at them next."""
