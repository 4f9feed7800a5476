"""The assurance room's pages, one module per part of the scrutineer's work."""
