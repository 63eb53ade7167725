"""One module per tab; each follows the sidebar's selection and reloads on data changes."""
