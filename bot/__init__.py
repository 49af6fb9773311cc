"""A small framework for WhatsApp bots on Twilio, Flask and SQLAlchemy."""
