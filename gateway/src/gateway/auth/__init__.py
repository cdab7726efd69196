"""Who is asking: credentials on the request, checked, turned into a signed viewer context."""
