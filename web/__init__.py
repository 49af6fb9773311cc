"""Pages for people: the sign-up form and the privacy statement."""
