"""Pure catalog logic: code sets, releases, changes."""
