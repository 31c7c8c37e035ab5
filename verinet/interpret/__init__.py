"""Interpreters: each module walks the same IR with its own rule table."""
