"""Pure CasePilot logic: what a question asks, the facts it rests on, the answer's words."""
