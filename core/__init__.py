"""The floor of the portal: mechanisms that several apps use (page cache, uploads, rich
text, the email outbox, the scoping mechanism, language helpers). It imports no app."""
