"""Sources of documents: feeds and sitemaps of member institutions, polled on a schedule."""
