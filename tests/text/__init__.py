"""Tests of the email and call-transcript analysers."""
