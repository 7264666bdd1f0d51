"""Plauder: a private chat front end for large language models that runs in the browser."""
