"""Models of the events app; built by their own issue on top of the foundation."""
