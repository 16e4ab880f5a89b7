"""Models of the goodpractices app; built by their own issue on top of the foundation."""
