"""Quality gates that check the built site in a real browser (issue 5)."""
